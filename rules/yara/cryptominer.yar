/*
 * Cryptocurrency miners. Miners reach their pool over the Stratum protocol,
 * so a stratum URL in an executable or script is the strongest sign; XMRig
 * and its forks also carry their option names and algorithm names.
 */

rule miner_stratum_url
{
	meta:
		id = "DSEC-MAL-MINER-POOL"
		severity = "CRITICAL"
		description = "Cryptominer: Stratum mining pool URL"
	strings:
		$tcp = "stratum+tcp://" ascii wide nocase
		$ssl = "stratum+ssl://" ascii wide nocase
		$tls = "stratum+tls://" ascii wide nocase
		$v2 = "stratum2+tcp://" ascii wide nocase
	condition:
		any of them
}

rule miner_xmrig
{
	meta:
		id = "DSEC-MAL-MINER-XMRIG"
		severity = "CRITICAL"
		description = "Cryptominer: XMRig or a fork of it"
	strings:
		$name = "xmrig" ascii wide nocase
		$donate_opt = "--donate-level" ascii wide
		$donate_cfg = "\"donate-level\"" ascii wide
		$algo_rx = "rx/0" ascii wide
		$algo_cn = "cryptonight" ascii wide nocase
		$randomx = "randomx" ascii wide nocase
		$nicehash = "nicehash" ascii wide nocase
	condition:
		$name and 1 of ($donate*, $algo*, $randomx, $nicehash)
		or (any of ($donate*) and any of ($algo*, $randomx))
}

rule miner_config_wallet
{
	meta:
		id = "DSEC-MAL-MINER-CONFIG"
		severity = "HIGH"
		description = "Cryptominer: pool configuration with a wallet address"
	strings:
		$pools = "\"pools\"" ascii
		$url = "\"url\"" ascii
		$user = "\"user\"" ascii
		/* A Monero primary address: 95 base58 characters starting with 4. */
		$wallet = /4[0-9AB][1-9A-HJ-NP-Za-km-z]{93}/ ascii
	condition:
		$pools and $url and $user and $wallet
}
