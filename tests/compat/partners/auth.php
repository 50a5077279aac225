<?php
/* auth.php — the authentication step the samples require (PATH_TO_AUTH): the platform's SOAP
 * login, with host and credentials from the environment soap_partners.php runs them in, on the
 * endpoint it names (/soap/6.0/ or /channel-manager/2.1/soap/). */
$host = getenv('KASSA_URL');
$endpoint = getenv('KASSA_CM_ENDPOINT');
$merchantCode = getenv('KASSA_CODE');
$key = getenv('KASSA_SECRET');

$client = new SoapClient($host.$endpoint."?wsdl", array('location' => $host.$endpoint, "stream_context" => stream_context_create(array('ssl' => array('verify_peer' => false, 'verify_peer_name' => false))), 'cache_wsdl' => WSDL_CACHE_NONE));

$now = gmdate('Y-m-d H:i:s'); // date_default_timezone_set('UTC')
$string = strlen($merchantCode) . $merchantCode . strlen($now) . $now;
$hash = hash_hmac('md5', $string, $key);

try {
    $sessionID = $client->login($merchantCode, $now, $hash);
} catch (SoapFault $e) {
    echo "Authentication: " . $e->getMessage();
    exit;
}
