/*
 * Reverse shells: a shell whose input and output are connected to a remote
 * host. Each rule needs the whole idiom (redirection to a host and port,
 * an exec option with a shell, a socket duplicated onto stdio), because
 * the parts alone (/dev/tcp, pty.spawn) are in bash and Python themselves.
 */

rule reverse_shell_bash_dev_tcp
{
	meta:
		id = "DSEC-MAL-REVERSE-SHELL"
		severity = "CRITICAL"
		description = "Reverse shell: interactive shell redirected to /dev/tcp"
	strings:
		$redirect = /(ba|z|k)?sh\s+-i\s*(>&|&>|>)\s*\/dev\/(tcp|udp)\/[A-Za-z0-9._-]+\/[0-9]{1,5}/
		$exec_fd = /exec\s+[0-9]+<>\s*\/dev\/(tcp|udp)\/[A-Za-z0-9._-]+\/[0-9]{1,5}/
	condition:
		any of them
}

rule reverse_shell_netcat_exec
{
	meta:
		id = "DSEC-MAL-REVERSE-SHELL"
		severity = "CRITICAL"
		description = "Reverse shell: netcat running a shell for a remote peer"
	strings:
		$nc_e = /\b(nc|ncat|netcat)(\.traditional|\.openbsd)?\s+(-[A-Za-z]+\s+)*-(e|c)\s*\/bin\/(ba|da|z)?sh\b/
		$nc_e_after = /\b(nc|ncat|netcat)\s+(-[A-Za-z]+\s+)*[A-Za-z0-9._-]+\s+[0-9]{1,5}\s+-(e|c)\s*\/bin\/(ba|da|z)?sh\b/
		$ncat_exec = /\bncat\s+.{0,64}--(exec|sh-exec)\s+["']?\/bin\/(ba|da|z)?sh/
		$fifo = /mkfifo\s+\/tmp\/[A-Za-z0-9._-]+\s*;.{0,80}\/bin\/(ba|da|z)?sh\s+-i.{0,40}\|\s*(nc|ncat|netcat)\s/
	condition:
		any of them
}

rule reverse_shell_python
{
	meta:
		id = "DSEC-MAL-REVERSE-SHELL"
		severity = "CRITICAL"
		description = "Reverse shell: Python socket duplicated onto stdio with a shell"
	strings:
		$socket = "socket.socket(" ascii
		$connect = ".connect((" ascii
		$dup2 = "os.dup2(" ascii
		$pty = "pty.spawn(" ascii
		$sh = /["']\/bin\/(ba|z)?sh["']/ ascii
		$call = "subprocess.call([" ascii
	condition:
		$socket and $connect and #dup2 >= 2 and ($pty or ($call and $sh))
}

rule reverse_shell_perl
{
	meta:
		id = "DSEC-MAL-REVERSE-SHELL"
		severity = "CRITICAL"
		description = "Reverse shell: Perl socket duplicated onto stdio with a shell"
	strings:
		$socket = /socket\(\s*[A-Z]+\s*,\s*PF_INET/ ascii
		$connect = /connect\(\s*[A-Z]+\s*,\s*sockaddr_in/ ascii
		$open = /open\(\s*STDIN\s*,\s*["']>&/ ascii
		$exec = /exec\(\s*["']\/bin\/(ba)?sh/ ascii
	condition:
		$socket and $connect and $open and $exec
}
