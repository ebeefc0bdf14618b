// SPDX-License-Identifier: MIT
/*
 * hvexit STATUS: end the VM through the debug-exit port 0xF4 (QEMU's
 * isa-debug-exit, the hypervisor's exit port). Debian's cloud kernel has
 * no /dev/port, so the test initramfs carries this: ioperm(), then outl.
 * Built with gcc -static by tools/linux/mklinux.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>

#define EXIT_PORT 0xf4

int main(int argc, char **argv)
{
	unsigned long status;

	if (argc != 2) {
		fprintf(stderr, "usage: hvexit STATUS\n");
		return 2;
	}
	status = strtoul(argv[1], NULL, 0);
	if (ioperm(EXIT_PORT, 4, 1)) {
		perror("hvexit: ioperm");
		return 1;
	}
	fflush(stdout);
	outl((unsigned int)status, EXIT_PORT);
	return 1;	/* still here: nothing listens on the port */
}
