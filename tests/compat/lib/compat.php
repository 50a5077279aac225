<?php
/* compat.php — what the compatibility scripts share: where the server is (run.sh passes it in
 * the environment), the platform's sample Lead, and checks that count failures rather than
 * stop at the first, so one run shows everything a real client would trip over.
 * A script exits 0 when every check passed, 1 otherwise (255 on an uncaught exception). */

error_reporting(E_ALL);
/* a notice or warning in a client is a failed check, not noise */
set_error_handler(function ($no, $str, $file, $line) {
    throw new ErrorException($str, 0, $no, $file, $line);
});

function compat_env($name)
{
    $v = getenv($name);
    if ($v === false || $v === '') {
        fwrite(STDERR, "$name is not set; run tests/compat/run.sh\n");
        exit(2);
    }
    return $v;
}

/* Base URL (http://127.0.0.1:PORT), merchant code and secret key of a fresh vendor. */
function compat_base() { return rtrim(compat_env('KASSA_URL'), '/'); }
function compat_code() { return compat_env('KASSA_CODE'); }
function compat_secret() { return compat_env('KASSA_SECRET'); }

$compat_failures = 0;

function check($ok, $what)
{
    global $compat_failures;
    if (!$ok)
        $compat_failures++;
    echo ($ok ? "  ok    " : "  FAIL  "), $what, "\n";
    return $ok;
}

/* Strict comparison, so that "2" for 2 or 1 for true is a failure: the point is the types PHP
 * decodes, not only the values. */
function check_same($expected, $actual, $what)
{
    $ok = $expected === $actual;
    check($ok, $what);
    if (!$ok)
        echo "        expected ", var_export($expected, true), ", got ", var_export($actual, true),
            "\n";
    return $ok;
}

/* Runs $fn and checks that it raises a SoapFault with this faultcode. */
function check_fault($faultcode, $fn, $what)
{
    try {
        $fn();
        check(false, "$what: expected SoapFault $faultcode, got none");
    } catch (SoapFault $e) {
        check_same($faultcode, $e->faultcode, "$what: faultcode ($e->faultstring)");
    }
}

function compat_done()
{
    global $compat_failures;
    exit($compat_failures ? 1 : 0);
}

/* The Lead of the platform's addLead/updateLead samples (SOAP and JSON-RPC 6.0 references),
 * built from stdClass objects as they are. $billing is used for DeliveryDetails too, so the
 * same PHP object appears twice in the call, as it does in integrations that ship to the
 * billing address (SoapClient then sends it once, with an id, and an href for the second). */
function sample_lead($language = "EN", $quantity = 2)
{
    $Lead = new stdClass();
    $Lead->CartId = "CartIdValue";
    $Lead->Currency = "EUR";
    $Lead->Language = $language;
    $Lead->ExternalReference = "REST_API_2CHECKOUT";
    $Lead->Source = "testAPI.com";
    $Lead->CustomerReference = "asdf1";
    $Lead->MachineId = "123asd";

    $Lead->Items = [];

    $Item = new stdClass();
    $Item->Code = "04C26C50F8";
    $Item->Quantity = $quantity;
    $Item->IsDynamic = false;
    $Item->Tangible = true;
    $Item->PurchaseType = "PRODUCT";
    $Item->PriceOptions = [];

    $priceOption = new stdClass();
    $priceOption->Name = "group name 1";
    $priceOption->Required = false;
    $option = new stdClass();
    $option->Name = 'add25';
    $option->Value = 'add25';
    $option->Surcharge = 100;
    $priceOption->Options[] = $option;

    $Item->PriceOptions[] = $priceOption;

    $recurringOptions = new stdClass();
    $recurringOptions->CycleLength = 6;
    $recurringOptions->CycleUnit = 'MONTH';
    $recurringOptions->CycleAmount = 100;
    $recurringOptions->ContractLength = 2;
    $recurringOptions->ContractUnit = 'YEAR';
    $Item->RecurringOptions = $recurringOptions;

    $marketingCampaigns = new stdClass();
    $marketingCampaigns->Type = 23;
    $marketingCampaigns->ParentCode = "m";
    $marketingCampaigns->CampaignCode = 23;
    $Item->MarketingCampaigns = $marketingCampaigns;

    $Item->Price = new stdClass();
    $Item->Price->Amount = 20;
    $Item->Price->Type = "CUSTOM";

    $additionalFields = [];

    $additionalField = new stdClass();
    $additionalField->Code = "TestFieldOne";
    $additionalField->Text = "test text";
    $additionalField->Value = "test value";
    $additionalFields[] = $additionalField;
    $Item->AdditionalFields = $additionalFields;

    $Item->SubscriptionStartDate = date("Y-m-d H:i:s");

    $Item->Trial = new stdClass();
    $Item->Trial->Period = 7;
    $Item->Trial->GrossPrice = 10;

    $Lead->Items[] = $Item;

    $billingDetails = new stdClass();
    $billingDetails->FirstName = "Customer";
    $billingDetails->LastName = "2Checkout";
    $billingDetails->Company = null;
    $billingDetails->Email = "customer@2checkout.com";
    $billingDetails->Phone = "556133555";
    $billingDetails->Address1 = "Test Address";
    $billingDetails->City = "LA";
    $billingDetails->Zip = "12345";
    $billingDetails->CountryCode = "US";
    $billingDetails->State = "CA";
    $Lead->BillingDetails = $billingDetails;
    $Lead->DeliveryDetails = $billingDetails;

    $Lead->DeliveryInformation = new stdClass();
    $Lead->DeliveryInformation->ShippingMethod = new stdClass();
    $Lead->DeliveryInformation->ShippingMethod->Code = "sdfsd";

    $Lead->PaymentDetails = new stdClass();
    $Lead->PaymentDetails->Type = "CC";
    $Lead->PaymentDetails->Currency = "EUR";
    $Lead->PaymentDetails->PaymentMethod = new stdClass();
    $Lead->PaymentDetails->PaymentMethod->RecurringEnabled = true;
    $Lead->PaymentDetails->PaymentMethod->CardPayment = new stdClass();
    $Lead->PaymentDetails->PaymentMethod->CardPayment->InstallmentsNumber = 1;
    $Lead->PaymentDetails->CustomerIP = "1.2.3.4";

    $Lead->Promotions = ["FJ34JK9", "OIU546KH0"];
    $Lead->LocalTime = date("Y-m-d H:i:s");
    return $Lead;
}

/* Checks that a lead read back carries what sample_lead() sent, with PHP types intact. */
function check_sample_lead($lead, $leadCode, $language, $quantity, $label)
{
    check(is_object($lead), "$label: the lead is an object");
    check_same($leadCode, $lead->LeadCode, "$label: LeadCode");
    check_same("EUR", $lead->Currency, "$label: Currency");
    check_same($language, strtoupper($lead->Language), "$label: Language");
    check_same("CartIdValue", $lead->CartId, "$label: CartId");
    check_same("REST_API_2CHECKOUT", $lead->ExternalReference, "$label: ExternalReference");
    check(is_array($lead->Items) && count($lead->Items) === 1, "$label: Items is an array of 1");
    $item = $lead->Items[0];
    check_same("04C26C50F8", $item->Code, "$label: Items[0].Code");
    check_same($quantity, $item->Quantity, "$label: Items[0].Quantity is an int");
    check_same(false, $item->IsDynamic, "$label: Items[0].IsDynamic is a bool");
    check_same(true, $item->Tangible, "$label: Items[0].Tangible is a bool");
    check_same("group name 1", $item->PriceOptions[0]->Name, "$label: PriceOptions[0].Name");
    check_same("add25", $item->PriceOptions[0]->Options[0]->Value,
               "$label: PriceOptions[0].Options[0].Value");
    check(100 == $item->PriceOptions[0]->Options[0]->Surcharge, "$label: Surcharge 100");
    check_same(6, $item->RecurringOptions->CycleLength, "$label: RecurringOptions.CycleLength");
    check_same(23, $item->MarketingCampaigns->Type, "$label: MarketingCampaigns.Type is an int");
    check(20 == $item->Price->Amount, "$label: Price.Amount 20");
    check_same("CUSTOM", $item->Price->Type, "$label: Price.Type");
    check_same("TestFieldOne", $item->AdditionalFields[0]->Code, "$label: AdditionalFields");
    check_same(7, $item->Trial->Period, "$label: Trial.Period");
    check_same("customer@2checkout.com", $lead->BillingDetails->Email,
               "$label: BillingDetails.Email");
    check_same("LA", $lead->DeliveryDetails->City ?? null,
               "$label: DeliveryDetails (the same PHP object as BillingDetails)");
    check_same("sdfsd", $lead->DeliveryInformation->ShippingMethod->Code,
               "$label: DeliveryInformation.ShippingMethod.Code");
    check_same(["FJ34JK9", "OIU546KH0"], $lead->Promotions, "$label: Promotions");
}
