<?php
/* soap_login.php — the platform's SOAP authentication sample as integrators copy it: SoapClient
 * in WSDL mode, login($merchantCode, $date, $hash) with HMAC-MD5, and the 6.0 form that adds the
 * algorithm. A sessionID is 32 characters; a wrong hash is a SoapFault AUTHENTICATION_FAILED. */
require __DIR__ . '/lib/compat.php';

$host = compat_base();
$merchantCode = compat_code();
$key = compat_secret();

$client = new SoapClient($host."/soap/6.0/?wsdl", array('location' => $host."/soap/6.0/", 'cache_wsdl' => WSDL_CACHE_NONE));

/* PHP refuses to call what the WSDL does not declare */
$functions = implode("\n", $client->__getFunctions());
foreach (['login', 'addLead', 'getLead', 'updateLead', 'searchLeads', 'markLeads'] as $f)
    check(preg_match("/ $f\\(/", $functions) === 1, "the WSDL declares $f");

/* --- the sample: HMAC-MD5, three parameters --- */
$date = gmdate('Y-m-d H:i:s');
$string = strlen($merchantCode) . $merchantCode . strlen($date) . $date;
$hash = hash_hmac('md5', $string, $key);

try {
    $sessionID = $client->login($merchantCode, $date, $hash);
} catch (SoapFault $e) {
    echo "Authentication: " . $e->getMessage() . "\n";
    exit(1);
}
check(is_string($sessionID) && preg_match('/^[0-9A-Za-z]{32}$/', $sessionID) === 1,
      "login(code, date, md5) returns a 32-character sessionID");

/* the session is good: the call gets past authentication to the lookup */
check_fault('LEAD_NOT_FOUND', function () use ($client, $sessionID) {
    $client->getLead($sessionID, 'AAAAAAAAAA');
}, "the md5 session authenticates a later call");

/* --- API 6.0: HMAC-SHA256 and the fourth parameter --- */
$date = gmdate('Y-m-d H:i:s');
$string = strlen($merchantCode) . $merchantCode . strlen($date) . $date;
$hash = hash_hmac('sha256', $string, $key);
$sessionID256 = $client->login($merchantCode, $date, $hash, "sha256");
check(is_string($sessionID256) && strlen($sessionID256) === 32,
      "login(code, date, sha256, \"sha256\") returns a 32-character sessionID");
check($sessionID256 !== $sessionID, "each login opens its own session");

$hash = hash_hmac('sha3-256', $string, $key);
$sessionID3 = $client->login($merchantCode, $date, $hash, "sha3-256");
check(is_string($sessionID3) && strlen($sessionID3) === 32,
      "login(code, date, sha3-256, \"sha3-256\") returns a 32-character sessionID");

/* --- refusals --- */
check_fault('AUTHENTICATION_FAILED', function () use ($client, $merchantCode, $date) {
    $client->login($merchantCode, $date, hash_hmac('md5', 'not the string', 'not the key'));
}, "a wrong hash");

check_fault('AUTHENTICATION_FAILED', function () use ($client, $merchantCode, $date, $string, $key) {
    $client->login($merchantCode, $date, hash_hmac('md5', $string, $key), "sha256");
}, "an md5 hash announced as sha256");

check_fault('AUTHENTICATION_FAILED', function () use ($client, $key) {
    $date = gmdate('Y-m-d H:i:s');
    $code = 'NO_SUCH_VENDOR';
    $client->login($code, $date, hash_hmac('md5', strlen($code) . $code . strlen($date) . $date, $key));
}, "an unknown merchant code");

check_fault('INVALID_SESSION', function () use ($client) {
    $client->getLead(str_repeat('0', 32), 'AAAAAAAAAA');
}, "a sessionID that login never gave");

compat_done();
