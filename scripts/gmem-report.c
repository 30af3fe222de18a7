// SPDX-License-Identifier: GPL-2.0
/*
 * gmem-report: what the running kernel's KVM offers for guest_memfd.
 * Built against the work tree's uapi headers; run inside the test VM by
 * `make run`.  Capabilities this base does not define yet are probed by
 * number so the report does not depend on the series' progress.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#define CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES	252
#define CAP_GUEST_MEMFD_HUGETLB_ORDERS		253

static const struct { int cap; const char *name; } caps[] = {
	{ KVM_CAP_GUEST_MEMFD, "KVM_CAP_GUEST_MEMFD" },
	{ KVM_CAP_GUEST_MEMFD_FLAGS, "KVM_CAP_GUEST_MEMFD_FLAGS" },
	{ KVM_CAP_MEMORY_ATTRIBUTES, "KVM_CAP_MEMORY_ATTRIBUTES" },
	{ KVM_CAP_VM_TYPES, "KVM_CAP_VM_TYPES" },
	{ CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES, "KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES (252)" },
	{ CAP_GUEST_MEMFD_HUGETLB_ORDERS, "KVM_CAP_GUEST_MEMFD_HUGETLB_ORDERS (253)" },
};

static void report_vm(int kvm, unsigned long type, const char *name)
{
	int vm = ioctl(kvm, KVM_CREATE_VM, type);
	struct kvm_create_guest_memfd gmem = { .size = 2UL << 20 };
	unsigned int i;
	int fd;

	if (vm < 0) {
		printf("  %s: KVM_CREATE_VM failed: %s\n", name, strerror(errno));
		return;
	}
	printf("  %s:\n", name);
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		int r = ioctl(vm, KVM_CHECK_EXTENSION, caps[i].cap);

		printf("    %-46s %#x\n", caps[i].name, r < 0 ? 0 : r);
	}
	fd = ioctl(vm, KVM_CREATE_GUEST_MEMFD, &gmem);
	printf("    %-46s %s\n", "2 MiB guest_memfd",
	       fd >= 0 ? "created" : strerror(errno));
	if (fd >= 0)
		close(fd);
	close(vm);
}

int main(void)
{
	int kvm = open("/dev/kvm", O_RDWR);

	if (kvm < 0) {
		printf("KVM: /dev/kvm: %s\n", strerror(errno));
		return 1;
	}
	printf("KVM: API version %d\n", ioctl(kvm, KVM_GET_API_VERSION, 0));
	report_vm(kvm, KVM_X86_DEFAULT_VM, "default VM");
	report_vm(kvm, KVM_X86_SW_PROTECTED_VM, "KVM_X86_SW_PROTECTED_VM");
	close(kvm);
	return 0;
}
