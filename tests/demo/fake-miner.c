// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for a planted cryptominer: it carries the strings a real
 * xmrig build carries (pool URL, donate level, algorithm) so the
 * scanner's YARA rules flag it, but it mines nothing and connects
 * nowhere. It prints one line and exits 0, so the demo can show that it
 * runs when nothing stops it.
 */
#include <stdio.h>

static const char *const config[] = {
	"xmrig/6.21.0",
	"--donate-level=1",
	"--algo=rx/0",
	"stratum+tcp://pool.invalid:3333",
};

int main(void)
{
	printf("fake miner started (%s, pool %s); it mines nothing\n",
	       config[0], config[3]);
	return 0;
}
