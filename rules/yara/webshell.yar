/*
 * Web shells: server-side scripts that run code or commands taken from a
 * request. PHP ones pass request input (or an encoded blob) to eval,
 * assert or a command function; JSP ones pass a request parameter to
 * Runtime.exec.
 */

rule webshell_php_request_exec
{
	meta:
		id = "DSEC-MAL-WEBSHELL"
		severity = "CRITICAL"
		description = "Web shell: PHP runs code or commands from request input"
	strings:
		$call = /\b(eval|assert|system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec)\s*\(\s*(@\s*)?(stripslashes\s*\(\s*)?\$_(POST|GET|REQUEST|COOKIE|SERVER|FILES)\s*\[/ nocase
		$backtick = /`\s*\$_(POST|GET|REQUEST|COOKIE)\s*\[/
		$create = /create_function\s*\([^)]{0,40}\$_(POST|GET|REQUEST|COOKIE)/ nocase
	condition:
		any of them
}

rule webshell_php_encoded_eval
{
	meta:
		id = "DSEC-MAL-WEBSHELL"
		severity = "HIGH"
		description = "Web shell: PHP evaluates an encoded or compressed payload"
	strings:
		$chain = /\b(eval|assert)\s*\(\s*(@\s*)?(gzinflate|gzuncompress|gzdecode|str_rot13|base64_decode|strrev|hex2bin)\s*\(/ nocase
		$preg_e = /preg_replace\s*\(\s*["'][^"']{1,64}\/e[a-z]*["']/
	condition:
		any of them
}

rule webshell_known_names
{
	meta:
		id = "DSEC-MAL-WEBSHELL"
		severity = "CRITICAL"
		description = "Web shell: marker of a known web shell family"
	strings:
		$c99 = "c99shell" ascii nocase
		$r57 = "r57shell" ascii nocase
		$wso = "WSO " ascii
		$filesman = "FilesMan" ascii
		$b374k = "b374k" ascii
	condition:
		any of ($c99, $r57, $b374k) or ($wso and $filesman)
}

rule webshell_jsp_exec
{
	meta:
		id = "DSEC-MAL-WEBSHELL"
		severity = "CRITICAL"
		description = "Web shell: JSP runs a command taken from a request parameter"
	strings:
		$exec = /Runtime\.getRuntime\(\)\.exec\(\s*request\.getParameter\(/
	condition:
		$exec
}
