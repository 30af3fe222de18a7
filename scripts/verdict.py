#!/usr/bin/env python3
"""Read a test run's directory and print the verdict.

Every test of results.tsv is reported by name; a skip of a required test is
a failure.  KUnit suites are read from the guest's kernel log (KTAP).  The
guest's dmesg is scanned for WARN, BUG, "Bad page", lockdep and KASAN
reports; any of them fails the run and is printed.  Two more rows say
whether the checkers were on for the whole run: "lockdep" fails when
lockdep switched itself off (debug_locks 0 at the end, read by the guest's
init into scratch/debug-state.txt), "kasan" when KASAN reported (it reports
once a boot, so every later bad access went unreported) or the kernel has
no KASAN.  The last line is "N passed, N failed"; the exit code is 1 on
any failure.
"""
import argparse
import re
import sys
from pathlib import Path

TS = re.compile(r'^\[\s*\d+\.\d+\]\s?')
# Reports that fail the run.  Lockdep's reports begin with "WARNING:",
# "BUG:" or "INFO:", KASAN's with "BUG: KASAN:", a bad page with
# "BUG: Bad page state".
BAD = re.compile(r'(WARNING:|BUG:|BUG [a-z]|Bad page|kernel BUG|Oops|'
                 r'Kernel panic|UBSAN:|DEBUG_LOCKS_WARN_ON|'
                 r'list_(add|del) corruption|INFO: possible|'
                 r'INFO: trying to register|INFO: task .* blocked|'
                 r'INFO: rcu_.* detected stall|watchdog: BUG|'
                 r'general protection fault|Call Trace:)')
# Lines that carry those words without being a report.
BENIGN = re.compile(r'(Kernel command line:|with arguments:|'
                    r'with environment:)')


def strip(line):
    return TS.sub('', line.rstrip('\r\n'))


def kunit(lines):
    """Top-level KTAP suites: [(name, ok, skipped, ncases, failed_cases)]."""
    suites = []
    cur = None
    for raw in lines:
        line = strip(raw)
        m = re.match(r'^    # Subtest: (\S+)', line)
        if m:
            cur = {'name': m.group(1), 'cases': 0, 'failed': [], 'done': False,
                   'case_rows': [], 'params': [], 'info': []}
            suites.append(cur)
            continue
        m = re.match(r'^        (not ok|ok) \d+ (\S+)(.*)', line)
        if m and cur:
            cur['params'].append((m.group(2), m.group(1) == 'ok',
                                  '# SKIP' in m.group(3)))
            continue
        m = re.match(r'^    (not ok|ok) \d+ (\S+)(.*)', line)
        if m and cur:
            cur['cases'] += 1
            ok = m.group(1) == 'ok'
            skip = '# SKIP' in m.group(3)
            if not ok:
                cur['failed'].append(m.group(2))
            params = ' '.join(('' if pok and not pskip else
                               'SKIP:' if pskip else 'FAIL:') + pname
                              for pname, pok, pskip in cur['params'])
            cur['case_rows'].append((m.group(2), ok, skip, params))
            cur['params'] = []
            continue
        # kunit_info() and expectation messages of the current suite
        m = re.match(r'^\s+# (\S+): (.*)', line)
        if (m and cur and m.group(1) not in ('Subtest', 'module') and '.' not in m.group(1)
                and not m.group(2).startswith('pass:')):
            cur['info'].append('%s: %s' % (m.group(1), m.group(2)))
            continue
        m = re.match(r'^(not ok|ok) \d+ (\S+)(.*)', line)
        if m and cur and m.group(2) == cur['name']:
            cur['done'] = True
            cur['ok'] = m.group(1) == 'ok'
            cur['skip'] = '# SKIP' in m.group(3)
            cur = None
    return suites


def dmesg_reports(lines):
    reports = []
    for i, raw in enumerate(lines):
        line = strip(raw)
        if BAD.search(line) and not BENIGN.search(line):
            reports.append((i, line))
    return reports


# Taint letters, in bit order (kernel/panic.c, taint_flags[]).
TAINT_LETTERS = 'PFSRMBUDAWCIOELKXTNJ'
TAINT_BAD_PAGE = 5      # 'B': a bad page or a KASAN report


def taint_letters(value):
    return ''.join(c for i, c in enumerate(TAINT_LETTERS) if value >> i & 1)


def read_state(path):
    """scratch/debug-state.txt: boot.X=V and end.X=V lines (guest-init.sh)."""
    state = {}
    if path.exists():
        for line in path.read_text(errors='replace').splitlines():
            k, sep, v = line.partition('=')
            if sep:
                state[k.strip()] = v.strip()
    return state


def timestamp(raw):
    m = re.match(r'^\[\s*(\d+\.\d+)\]', raw)
    return '[%s]' % m.group(1) if m else '(no time)'


def checker_rows(state, lines, reports):
    """Rows for lockdep and KASAN: were they on for the whole run?

    lines: the kernel log the reports were read from; reports: its
    (index, line) report lines.
    """
    rows = []
    text = [strip(x) for x in lines]
    cmdline = next((x for x in text if x.startswith('Kernel command line:')), '')

    # Lockdep turns itself off for good on its first report and on any taint
    # that makes it unreliable (KASAN, bad page, ...).  From then on no
    # locking bug of the run is seen, so such a run has not been checked.
    end = state.get('end.debug_locks')
    if end is None:
        rows.append(('lockdep', 'FAIL', '-', 'no end-of-run state in scratch/debug-state.txt: '
                     'the guest did not finish, so nobody knows whether lockdep was on'))
    elif end == 'none':
        rows.append(('lockdep', 'FAIL', '-', 'not in this kernel (no /proc/lockdep_stats): '
                     'locking was not checked'))
    elif end != '1':
        when = ('during boot, before the command ran' if state.get('boot.debug_locks') == '0'
                else 'while the command ran')
        why = 'no reason in the log'
        off = next((i for i, x in enumerate(text)
                    if 'Disabling lock debugging due to kernel taint' in x or
                    'turning off the locking correctness validator' in x), None)
        before = [r for r in reports if off is None or r[0] <= off]
        if before:
            i, line = before[0]
            why = 'after the report at %s "%s"' % (timestamp(lines[i]), line)
        if off is not None:
            why += '; the log says "%s" at %s' % (text[off], timestamp(lines[off]))
        try:
            t = int(state.get('end.tainted', ''))
            why += '; taint %s' % taint_letters(t) if t else '; not tainted'
        except ValueError:
            pass
        rows.append(('lockdep', 'FAIL', '-', 'switched itself off %s (debug_locks %s at the end), '
                     'so no locking bug after that was seen: %s' % (when, end, why)))
    else:
        rows.append(('lockdep', 'PASS', '-', 'on to the end (debug_locks 1)'))

    # KASAN prints one report a boot unless kasan_multi_shot is given; after
    # it every bad access of the run goes unreported.
    kasan = [(i, x) for i, x in enumerate(text) if 'BUG: KASAN:' in x]
    try:
        tainted = int(state.get('end.tainted', ''))
    except ValueError:
        tainted = None
    if kasan:
        i, line = kasan[0]
        note = 'reported at %s "%s"' % (timestamp(lines[i]), line)
        if 'kasan_multi_shot' in cmdline.split():
            note += ' (%d reports, kasan_multi_shot)' % len(kasan)
        else:
            note += ('; KASAN reports once a boot, so any later bad access of this run '
                     'went unreported')
        rows.append(('kasan', 'FAIL', '-', note))
    elif (tainted is not None and tainted >> TAINT_BAD_PAGE & 1 and
          not any('Bad page' in x for x in text)):
        rows.append(('kasan', 'FAIL', '-', 'kernel tainted B (a KASAN report or a bad page) '
                     'but the log has no such report'))
    elif text and not any('KernelAddressSanitizer initialized' in x for x in text):
        rows.append(('kasan', 'FAIL', '-', 'not in this kernel (no "KernelAddressSanitizer '
                     'initialized" in the log): memory accesses were not checked'))
    elif text:
        rows.append(('kasan', 'PASS', '-', 'no report: on to the end'))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('run', type=Path, help='the run directory')
    ap.add_argument('--list', type=Path, help='the suite list that was run')
    ap.add_argument('--warning', type=Path, help='a file whose text to repeat')
    args = ap.parse_args()
    run = args.run
    scratch = run / 'scratch'
    rows = []   # (name, status, secs, note)

    results = scratch / 'results.tsv'
    seen = set()
    if results.exists():
        for line in results.read_text().splitlines():
            name, status, secs, note = (line.split('\t') + ['', '', ''])[:4]
            rows.append((name, status, secs, note))
            seen.add(name)
    else:
        rows.append(('suite', 'FAIL', '-', 'no results: the guest did not run the suite'))
    # A test the guest never got to (it crashed or timed out) is a failure.
    # Required KUnit suites are listed as kunit/<suite>.
    required = []
    if args.list and args.list.exists():
        for line in args.list.read_text().splitlines():
            f = line.split()
            if f and not f[0].startswith('#'):
                required.append(f[0])

    # The serial console has every message since boot, even when a flood
    # of reports overran the log buffer that dmesg.txt was read from; the
    # guest's dmesg.txt also has what the console did not print.
    def read(path):
        return path.read_text(errors='replace').splitlines() if path.exists() else []
    serial = read(run / 'serial.log')
    dmesg = read(scratch / 'dmesg.txt')
    lines = serial if kunit(serial) or not dmesg else dmesg

    infos = []
    for s in kunit(lines):
        name = 'kunit/' + s['name']
        seen.add(name)
        if name in required:
            # A required suite gets a line per case, with its parameters.
            for cname, ok, skip, params in s['case_rows']:
                rows.append(('  %s.%s' % (name, cname),
                             'SKIP' if skip else 'PASS' if ok else 'FAIL',
                             '-', params))
            infos += ['%s: %s' % (name, i) for i in s['info']]
        if not s['done']:
            rows.append((name, 'FAIL', '-', 'suite did not finish'))
        elif s.get('skip'):
            rows.append((name, 'SKIP', '-', 'suite skipped'))
        elif s['ok']:
            rows.append((name, 'PASS', '-', '%d cases' % s['cases']))
        else:
            rows.append((name, 'FAIL', '-', 'failed: ' + ' '.join(s['failed'])))

    for name in required:
        if name not in seen:
            rows.append((name, 'FAIL', '-', 'did not run'))

    src, reports = 'serial.log', dmesg_reports(serial)
    if not reports:
        src, reports = 'dmesg.txt', dmesg_reports(dmesg)
    lines = serial if src == 'serial.log' else dmesg
    rows += checker_rows(read_state(scratch / 'debug-state.txt'), lines or serial, reports)
    if reports:
        rows.append(('dmesg', 'FAIL', '-', '%d report lines in %s' % (len(reports), src)))
    elif serial or dmesg:
        rows.append(('dmesg', 'PASS', '-', 'no WARN/BUG/lockdep/KASAN/Bad page'))
    else:
        rows.append(('dmesg', 'FAIL', '-', 'no kernel log'))

    passed = failed = 0
    print()
    print('%-6s %-46s %8s  %s' % ('', 'test', 'time', ''))
    for name, status, secs, note in rows:
        if status == 'PASS':
            passed += 1
        else:
            failed += 1
            if status == 'SKIP':
                note = 'required test skipped, counts as failure' + (': ' + note if note else '')
        print('%-6s %-46s %8s  %s' % (status, name, secs + ('s' if secs != '-' else ''), note))

    if infos:
        print('\nKUnit messages of the required suites:')
        for i in infos:
            print('  ' + i)

    if reports:
        # The first report in full, then every distinct one with a count.
        print('\nKernel reports in the guest\'s %s (first in full):' % src)
        first = reports[0][0]
        for j in range(max(0, first - 2), min(len(lines), first + 45)):
            print(('> ' if j == first else '  ') + strip(lines[j]))
        counts = {}
        for _, line in reports:
            if 'Call Trace:' in line:
                continue
            key = re.sub(r'(, )?CPU#\d+.*$|\+0x[0-9a-f]+/0x[0-9a-f]+', '', line)
            counts[key] = counts.get(key, 0) + 1
        print('\nDistinct reports:')
        for key, n in counts.items():
            print('  %6dx %s' % (n, key))

    if args.warning and args.warning.exists():
        print('\n' + args.warning.read_text().strip())
    print('\nlogs: %s' % run)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
