/*
 * Backdoors and rootkits with published markers: user-space rootkits that
 * hide processes through LD_PRELOAD, kernel rootkits loaded from the
 * image, IRC and Mirai-family bots.
 */

rule backdoor_libprocesshider
{
	meta:
		id = "DSEC-MAL-ROOTKIT"
		severity = "CRITICAL"
		description = "Rootkit: libprocesshider hides processes from readdir"
	strings:
		$filter = "process_to_filter" ascii
		$readdir = "readdir" ascii
		$proc = "/proc" ascii
	condition:
		all of them
}

rule backdoor_kernel_rootkit
{
	meta:
		id = "DSEC-MAL-ROOTKIT"
		severity = "CRITICAL"
		description = "Rootkit: Diamorphine or Reptile kernel rootkit"
	strings:
		$diamorphine = "diamorphine" ascii nocase
		$reptile_cmd = "reptile_cmd" ascii
		$reptile_dir = "/reptile/" ascii
		$hide_pid = "hide_pid" ascii
		$kallsyms = "kallsyms_lookup_name" ascii
	condition:
		($diamorphine and ($hide_pid or $kallsyms)) or
		($reptile_cmd and $reptile_dir)
}

rule backdoor_irc_bot
{
	meta:
		id = "DSEC-MAL-BOT"
		severity = "CRITICAL"
		description = "Backdoor: Kaiten/Tsunami IRC bot commands"
	strings:
		$kaiten = "Kaiten" ascii
		$notice = "NOTICE %s :" ascii
		$flood1 = "PAN <target>" ascii
		$flood2 = "TSUNAMI <target>" ascii
		$flood3 = "UDP <target>" ascii
	condition:
		$notice and ($kaiten or 2 of ($flood*))
}

rule backdoor_mirai
{
	meta:
		id = "DSEC-MAL-BOT"
		severity = "CRITICAL"
		description = "Backdoor: Mirai-family IoT bot"
	strings:
		$busybox = "/bin/busybox MIRAI" ascii
		$query = "TSource Engine Query" ascii
		$watchdog = "/dev/watchdog" ascii
		$killer = "/proc/net/tcp" ascii
		$scanner = "ECCHI" ascii
	condition:
		$busybox or ($query and $watchdog and $killer) or ($scanner and $watchdog)
}
