<?php
/* soap_leads.php — the lead methods through PHP's SoapClient in WSDL mode, with the Lead built
 * from stdClass objects as the platform's samples build it: addLead, getLead, updateLead,
 * searchLeads, markLeads; the types PHP decodes (objects, arrays, ints, bools); and the faults
 * LEAD_NOT_FOUND and INVALID_SESSION. */
require __DIR__ . '/lib/compat.php';

$host = compat_base();
$merchantCode = compat_code();
$key = compat_secret();

$client = new SoapClient($host."/soap/6.0/?wsdl", array('location' => $host."/soap/6.0/", 'cache_wsdl' => WSDL_CACHE_NONE));

$date = gmdate('Y-m-d H:i:s');
$string = strlen($merchantCode) . $merchantCode . strlen($date) . $date;
$hash = hash_hmac('sha256', $string, $key);
$sessionID = $client->login($merchantCode, $date, $hash, "sha256");

/* --- addLead --- */
try {
    $added = $client->addLead($sessionID, sample_lead("EN", 2));
} catch (SoapFault $e) {
    echo "addLead: " . $e->faultcode . ": " . $e->getMessage() . "\n";
    exit(1);
}
check(is_object($added), "addLead returns an object");
$leadCode = $added->LeadCode;
check(is_string($leadCode) && strlen($leadCode) === 10, "addLead returns a 10-character LeadCode");
check_same([], $added->Errors, "addLead: Errors is an empty array");

/* --- getLead --- */
$lead = $client->getLead($sessionID, $leadCode);
check_sample_lead($lead, $leadCode, "EN", 2, "getLead");
check_same("API", $lead->GeneratedFrom, "getLead: GeneratedFrom");
check_same(null, $lead->BillingDetails->Company, "getLead: a null sent comes back null");

/* a second lead, for searches over more than one */
$other = $client->addLead($sessionID, sample_lead("FR", 1))->LeadCode;

/* --- updateLead: all data replaced --- */
$updated = $client->updateLead($sessionID, $leadCode, sample_lead("DE", 3));
check_same(true, $updated, "updateLead returns true");
$lead = $client->getLead($sessionID, $leadCode);
check_sample_lead($lead, $leadCode, "DE", 3, "getLead after updateLead");

/* --- searchLeads --- */
$LeadSearchInput = new stdClass();
$LeadSearchInput->Type = "New";
$LeadSearchInput->Language = "DE";
$LeadSearchInput->Country = "US";
$LeadSearchInput->Page = 1;
$LeadSearchInput->Limit = 200;
$found = $client->searchLeads($sessionID, $LeadSearchInput);
check(is_object($found) && is_array($found->Items), "searchLeads: Items is an array");
check_same(1, $found->Pagination->Count, "searchLeads by Type/Language/Country: Count");
check_same(1, $found->Pagination->Page, "searchLeads: Pagination.Page");
check_same(200, $found->Pagination->Limit, "searchLeads: Pagination.Limit");
check_same($leadCode, $found->Items[0]->LeadCode ?? null, "searchLeads finds the updated lead");

$byCode = new stdClass();
$byCode->LeadCode = $other; /* "String/Array of strings" */
$byCode->Page = 1;
$byCode->Limit = 10;
check_same(1, $client->searchLeads($sessionID, $byCode)->Pagination->Count,
           "searchLeads by one LeadCode given as a string");
$byCode->LeadCode = [$leadCode, $other];
check_same(2, $client->searchLeads($sessionID, $byCode)->Pagination->Count,
           "searchLeads by LeadCode given as an array");
$byCode->LeadCode = [];
$byCode->Limit = 1;
$page = $client->searchLeads($sessionID, $byCode);
check_same(2, $page->Pagination->Count, "searchLeads with an empty LeadCode array filters nothing");
check(count($page->Items) === 1, "searchLeads: Limit 1 gives one item");

/* --- markLeads --- */
$mark = new stdClass();
$mark->LeadCode = $leadCode;
$mark->Used = true;
$mark->StopFollowups = true;
$marked = $client->markLeads($sessionID, [$mark]);
check_same("1 leads have been marked successfully", $marked->Response, "markLeads: Response");
$lead = $client->getLead($sessionID, $leadCode);
check_same(true, $lead->Used, "markLeads: the lead is Used");
check_same(true, $lead->FollowUpsStopped, "markLeads: its follow-ups are stopped");
$used = new stdClass();
$used->Type = "Used";
$used->Page = 1;
$used->Limit = 10;
$found = $client->searchLeads($sessionID, $used);
check_same(1, $found->Pagination->Count, "searchLeads Type Used: Count");

/* --- faults --- */
check_fault('LEAD_NOT_FOUND', function () use ($client, $sessionID) {
    $client->getLead($sessionID, 'ZZZZZZZZZZ');
}, "getLead of an unknown LeadCode");

check_fault('INVALID_SESSION', function () use ($client) {
    $client->getLead('not-a-session', 'ZZZZZZZZZZ');
}, "getLead without login");

check_fault('INVALID_SESSION', function () use ($client) {
    $client->addLead(null, sample_lead());
}, "addLead with a null sessionID");

check_fault('INVALID_CURRENCY', function () use ($client, $sessionID) {
    $bad = sample_lead();
    $bad->Currency = "EURO";
    $client->addLead($sessionID, $bad);
}, "addLead with a currency that is not ISO 4217");

check_fault('PARAMETER_MISSING', function () use ($client, $sessionID) {
    $bad = sample_lead();
    unset($bad->BillingDetails);
    $client->addLead($sessionID, $bad);
}, "addLead without BillingDetails");

compat_done();
