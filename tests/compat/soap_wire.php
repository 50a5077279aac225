<?php
/* soap_wire.php — SOAP envelopes written by hand, as stacks other than PHP's SoapClient write
 * them (parameters apart from the call as multiRef elements, parts named by position, PHP's Map
 * for an associative array) and as an attacker writes them (a DTD with entities, an external
 * entity, references that multiply a small document, references to nothing). Each must get a
 * proper answer or a SOAP Fault with the right faultcode, and the server must stay up. */
require __DIR__ . '/lib/compat.php';

$host = compat_base();
$merchantCode = compat_code();
$key = compat_secret();

function post_xml($url, $xml, &$status = null)
{
    $curl = curl_init($url);
    curl_setopt($curl, CURLOPT_POST, 1);
    curl_setopt($curl, CURLOPT_RETURNTRANSFER, 1);
    curl_setopt($curl, CURLOPT_HTTPHEADER, array('Content-Type: text/xml; charset=utf-8', 'SOAPAction: ""'));
    curl_setopt($curl, CURLOPT_POSTFIELDS, $xml);
    $body = curl_exec($curl);
    $status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
    return $body;
}

function envelope($body)
{
    return '<?xml version="1.0" encoding="UTF-8"?>'
        . '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
        . ' xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
        . ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        . ' xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"'
        . ' xmlns:map="http://xml.apache.org/xml-soap" xmlns:k="urn:kassa:soap:6.0">'
        . '<soapenv:Body>' . $body . '</soapenv:Body></soapenv:Envelope>';
}

/* faultcode of a response, or null when it is not a Fault */
function faultcode_of($xml)
{
    return preg_match('#<faultcode>([^<]*)</faultcode>#', (string)$xml, $m) ? $m[1] : null;
}

function check_wire_fault($url, $xml, $code, $what)
{
    $body = post_xml($url, $xml, $status);
    check_same($code, faultcode_of($body), "$what: faultcode");
    check_same(500, $status, "$what: HTTP 500, as SOAP 1.1 wants for a Fault");
}

$url = $host . "/soap/6.0/";
$date = gmdate('Y-m-d H:i:s');
$hash = hash_hmac('md5', strlen($merchantCode) . $merchantCode . strlen($date) . $date, $key);

/* --- login with parts named by position --- */
$body = post_xml($url, envelope('<k:login><param0 xsi:type="xsd:string">' . $merchantCode
    . '</param0><param1 xsi:type="xsd:string">' . $date . '</param1><param2 xsi:type="xsd:string">'
    . $hash . '</param2></k:login>'), $status);
check(preg_match('#<return[^>]*>([0-9a-zA-Z]{32})</return>#', (string)$body, $m) === 1,
      "login with positional parts (param0..2) returns a sessionID");
check_same(200, $status, "login: HTTP 200");
$sid = $m[1] ?? '';

/* --- multiRef: every parameter an href to a value after the call (Apache Axis style) --- */
check_wire_fault($url, envelope('<k:getLead><sessionID href="#id0"/><LeadCode href="#id1"/></k:getLead>'
    . '<multiRef id="id0" xsi:type="xsd:string">' . $sid . '</multiRef>'
    . '<multiRef id="id1" xsi:type="xsd:string">QQQQQQQQQQ</multiRef>'),
    'LEAD_NOT_FOUND', "multiRef parameters are followed (session accepted, lead looked up)");

/* --- an associative array (PHP's Map) where a struct belongs; an untyped array of items --- */
$lead = '<Lead xsi:type="k:Lead"><Currency>usd</Currency>'
    . '<Items soapenc:arrayType="xsd:anyType[1]" xsi:type="soapenc:Array"><item><Code>P1</Code>'
    . '<Quantity xsi:type="xsd:int">3</Quantity></item></Items>'
    . '<BillingDetails xsi:type="map:Map">'
    . '<item><key xsi:type="xsd:string">FirstName</key><value xsi:type="xsd:string">Ana</value></item>'
    . '<item><key xsi:type="xsd:string">Email</key><value xsi:type="xsd:string">ana@example.com</value></item>'
    . '<item><key xsi:type="xsd:string">CountryCode</key><value xsi:type="xsd:string">ro</value></item>'
    . '</BillingDetails></Lead>';
$body = post_xml($url, envelope('<k:addLead><sessionID>' . $sid . '</sessionID>' . $lead . '</k:addLead>'));
check(preg_match('#<LeadCode[^>]*>([0-9A-Z]{10})</LeadCode>#', (string)$body, $m) === 1,
      "addLead with a Map for BillingDetails");
$client = new SoapClient($host."/soap/6.0/?wsdl", array('location' => $url, 'cache_wsdl' => WSDL_CACHE_NONE));
$got = $client->getLead($sid, $m[1] ?? 'QQQQQQQQQQ');
check_same("ana@example.com", $got->BillingDetails->Email ?? null, "the Map's entries became BillingDetails fields");
check_same("USD", strtoupper($got->Currency ?? ''), "Currency");
check_same(3, $got->Items[0]->Quantity ?? null, "an xsd:int Quantity comes back an int");

/* --- a named part left out does not shift the next one into its place --- */
check_wire_fault($url, envelope('<k:updateLead><sessionID>' . $sid . '</sessionID>' . $lead . '</k:updateLead>'),
    'PARAMETER_MISSING', "updateLead without its LeadCode part");

/* --- hostile documents --- */
check_wire_fault($url, '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    . '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    . '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
    . '<login><merchantCode>&lol2;</merchantCode></login></soapenv:Body></soapenv:Envelope>',
    'MALFORMED_REQUEST', "a DTD with entities is refused");

check_wire_fault($url, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    . '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
    . '<login><merchantCode>&xxe;</merchantCode></login></soapenv:Body></soapenv:Envelope>',
    'MALFORMED_REQUEST', "an external entity is refused");

/* 100 items, each with 100 price option groups, each with 100 options: 5 KB that would decode
 * into a million values */
$bomb = '<k:addLead><sessionID>' . $sid . '</sessionID><Lead><Currency>EUR</Currency><Items>'
    . str_repeat('<item href="#i"/>', 100) . '</Items></Lead></k:addLead>'
    . '<m id="i"><Code>x</Code><PriceOptions>' . str_repeat('<item href="#g"/>', 100) . '</PriceOptions></m>'
    . '<m id="g"><Name>g</Name><Options>' . str_repeat('<item href="#o"/>', 100) . '</Options></m>'
    . '<m id="o"><Name>o</Name><Value>v</Value></m>';
check_wire_fault($url, envelope($bomb), 'INVALID_REQUEST', "references that multiply the document");

check_wire_fault($url, envelope('<k:getLead><sessionID>' . $sid . '</sessionID><LeadCode href="#nowhere"/></k:getLead>'),
    'INVALID_REQUEST', "a reference to nothing");

check_wire_fault($url, envelope('<k:getLead><sessionID>' . $sid . '</sessionID><LeadCode><a>QQQQQ</a><b>QQQQQ</b></LeadCode></k:getLead>'),
    'PARAMETER_INVALID', "a structure where a string belongs");

check_wire_fault($url, 'this is not XML', 'MALFORMED_REQUEST', "a body that is not XML");
check_wire_fault($url, '<?xml version="1.0"?><a/>', 'INVALID_REQUEST', "XML that is not an Envelope");
check_wire_fault($url, envelope('<k:noSuchMethod/>'), 'UNKNOWN_METHOD', "an undeclared operation");

/* still serving */
$date = gmdate('Y-m-d H:i:s');
$sessionID = $client->login($merchantCode, $date, hash_hmac('md5', strlen($merchantCode) . $merchantCode . strlen($date) . $date, $key));
check(strlen($sessionID) === 32, "the server still answers after all of that");

compat_done();
