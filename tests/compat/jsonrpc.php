<?php
/* jsonrpc.php — JSON-RPC 6.0 as the platform's samples call it: the callRPC() helper of the
 * documentation (curl POST of json_encode($Request), json_decode of the answer, `result` on
 * success, `error` dumped otherwise), login with three and four parameters, then the lead
 * methods; an unknown lead is an error object whose data.error_code is LEAD_NOT_FOUND. */
require __DIR__ . '/lib/compat.php';

/* The documentation's helper, as integrators paste it. */
function callRPC($Request, $host, $Debug = true) {
    $curl = curl_init($host);
    curl_setopt($curl, CURLOPT_POST, 1);
    curl_setopt($curl, CURLOPT_HEADER, 0);
    curl_setopt($curl, CURLOPT_RETURNTRANSFER, 1);
    curl_setopt($curl, CURLOPT_SSL_VERIFYPEER, 0);
    curl_setopt($curl, CURLOPT_HTTPHEADER, array('Content-Type: application/json', 'Accept: application/json'));
    $RequestString = json_encode($Request);
    curl_setopt($curl, CURLOPT_POSTFIELDS, $RequestString);
    $ResponseString = curl_exec($curl);
    if (!empty($ResponseString)) {
        $Response = json_decode($ResponseString);
        if (isset($Response->result)) {
            return $Response->result;
        }
        if (!is_null($Response->error)) {
            var_dump($Request->method, $Response->error);
        }
    } else {
        return null;
    }
}

/* The same request, returning the whole decoded response, to look at the error object. */
function rpcResponse($Request, $host) {
    $curl = curl_init($host);
    curl_setopt($curl, CURLOPT_POST, 1);
    curl_setopt($curl, CURLOPT_RETURNTRANSFER, 1);
    curl_setopt($curl, CURLOPT_HTTPHEADER, array('Content-Type: application/json', 'Accept: application/json'));
    curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode($Request));
    return json_decode(curl_exec($curl));
}

/* Lists come back as arrays; the platform itself sends some as objects keyed "0", "1"... */
function first_of($list) {
    $a = is_array($list) ? $list : (array)$list;
    return reset($a);
}

$host = compat_base() . "/rpc/6.0/";
$merchantCode = compat_code();
$key = compat_secret();
$i = 1;

/* --- login: HMAC-MD5, three parameters --- */
$date = gmdate('Y-m-d H:i:s');
$string = strlen($merchantCode) . $merchantCode . strlen($date) . $date;
$hash = hash_hmac('md5', $string, $key);

$jsonRpcRequest = new stdClass();
$jsonRpcRequest->jsonrpc = '2.0';
$jsonRpcRequest->method = 'login';
$jsonRpcRequest->params = array($merchantCode, $date, $hash);
$jsonRpcRequest->id = $i++;

$sessionID = callRPC($jsonRpcRequest, $host);
check(is_string($sessionID) && strlen($sessionID) === 32, "login(code, date, md5) returns a 32-character sessionID");

/* --- login: API 6.0, HMAC-SHA256 and the algorithm --- */
$date = gmdate('Y-m-d H:i:s');
$string = strlen($merchantCode) . $merchantCode . strlen($date) . $date;
$hash = hash_hmac('sha256', $string, $key);
$jsonRpcRequest = array (
    'method' => 'login',
    'params' => array($merchantCode, $date, $hash, 'sha256'),
    'id' => $i++,
    'jsonrpc' => '2.0'
);
$sessionID = callRPC((Object)$jsonRpcRequest, $host, true);
check(is_string($sessionID) && strlen($sessionID) === 32, "login(code, date, sha256, \"sha256\") returns a 32-character sessionID");

$jsonRpcRequest['params'][2] = hash_hmac('sha256', 'not the string', $key);
$jsonRpcRequest['id'] = $i++;
$r = rpcResponse((Object)$jsonRpcRequest, $host);
check_same('AUTHENTICATION_FAILED', $r->error->data->error_code ?? null, "a wrong hash: error.data.error_code");
check(is_int($r->error->code ?? null) && is_string($r->error->message ?? null), "the error object has an integer code and a message");
check_same($jsonRpcRequest['id'], $r->id ?? null, "the error carries the request id");

/* --- addLead --- */
$jsonRpcRequest = array (
    'method' => 'addLead',
    'params' => array($sessionID, sample_lead("EN", 2)),
    'id' => $i++,
    'jsonrpc' => '2.0'
);
$added = callRPC((Object)$jsonRpcRequest, $host, true);
$leadCode = $added->LeadCode ?? null;
check(is_string($leadCode) && strlen($leadCode) === 10, "addLead returns a 10-character LeadCode");

/* --- getLead --- */
$jsonRpcRequest = array (
    'method' => 'getLead',
    'params' => array($sessionID, $leadCode),
    'id' => $i++,
    'jsonrpc' => '2.0'
);
$lead = callRPC((Object)$jsonRpcRequest, $host, true);
check_same($leadCode, $lead->LeadCode ?? null, "getLead: LeadCode");
check_same("EUR", $lead->Currency ?? null, "getLead: Currency");
check_same("REST_API_2CHECKOUT", $lead->ExternalReference ?? null, "getLead: ExternalReference");
$item = first_of($lead->Items ?? []);
check_same("04C26C50F8", $item->Code ?? null, "getLead: Items[0].Code");
check(2 == ($item->Quantity ?? null), "getLead: Items[0].Quantity");
check_same("add25", first_of(first_of($item->PriceOptions)->Options)->Value ?? null, "getLead: PriceOptions");
check_same("customer@2checkout.com", $lead->BillingDetails->Email ?? null, "getLead: BillingDetails.Email");
check_same("LA", $lead->DeliveryDetails->City ?? null, "getLead: DeliveryDetails.City");

/* --- searchLeads, as the sample builds it --- */
$LeadSearchInput = new stdClass();
$LeadSearchInput->Type = "New";
$LeadSearchInput->Language = "EN";
$LeadSearchInput->Country = "US";
$LeadSearchInput->Page = 1;
$LeadSearchInput->Limit = 200;
$jsonRpcRequest = array (
    'method' => 'searchLeads',
    'params' => array($sessionID, $LeadSearchInput),
    'id' => $i++,
    'jsonrpc' => '2.0'
);
$found = callRPC((Object)$jsonRpcRequest, $host, true);
check_same(1, $found->Pagination->Count ?? null, "searchLeads: Pagination.Count");
check_same(1, $found->Pagination->Page ?? null, "searchLeads: Pagination.Page");
check_same(200, $found->Pagination->Limit ?? null, "searchLeads: Pagination.Limit");
check_same($leadCode, first_of($found->Items ?? [])->LeadCode ?? null, "searchLeads: Items[0].LeadCode");

/* --- markLeads --- */
$jsonRpcRequest = array (
    'method' => 'markLeads',
    'params' => array($sessionID, array((object)array('LeadCode' => $leadCode, 'Used' => false, 'StopFollowups' => true))),
    'id' => $i++,
    'jsonrpc' => '2.0'
);
$marked = callRPC((Object)$jsonRpcRequest, $host, true);
check_same("1 leads have been marked successfully", $marked->Response ?? null, "markLeads: Response");

$LeadSearchInput = new stdClass();
$LeadSearchInput->Type = "Stopped";
$LeadSearchInput->Page = 1;
$LeadSearchInput->Limit = 10;
$found = callRPC((Object)array('method' => 'searchLeads', 'params' => array($sessionID, $LeadSearchInput), 'id' => $i++, 'jsonrpc' => '2.0'), $host, true);
check_same(1, $found->Pagination->Count ?? null, "searchLeads Type Stopped finds the marked lead");

/* --- errors --- */
$jsonRpcRequest = array (
    'method' => 'getLead',
    'params' => array($sessionID, 'ZZZZZZZZZZ'),
    'id' => $i++,
    'jsonrpc' => '2.0'
);
/* callRPC dumps the error and returns nothing, as in the documentation */
ob_start();
$nothing = callRPC((Object)$jsonRpcRequest, $host, true);
$dumped = ob_get_clean();
check_same(null, $nothing, "callRPC returns null for an unknown lead");
check(strpos($dumped, 'LEAD_NOT_FOUND') !== false, "callRPC dumps the error, naming LEAD_NOT_FOUND");
$r = rpcResponse((Object)$jsonRpcRequest, $host);
check(!isset($r->result), "the error response has no result");
check_same('LEAD_NOT_FOUND', $r->error->data->error_code ?? null, "getLead of an unknown lead: error.data.error_code");

$jsonRpcRequest['params'][0] = 'not-a-session';
$r = rpcResponse((Object)$jsonRpcRequest, $host);
check_same('INVALID_SESSION', $r->error->data->error_code ?? null, "getLead without login: error.data.error_code");

compat_done();
