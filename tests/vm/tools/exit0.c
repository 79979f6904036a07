// SPDX-License-Identifier: GPL-2.0
/* The smallest static program: the exec target of storms and benchmarks. */
int main(void)
{
	return 0;
}
