<?php
/* soap_orders.php — orders through PHP's SoapClient in WSDL mode, the Order built from stdClass
 * objects as the platform's "place orders with dynamic product information" samples build it:
 * placeOrder (a test card, a declined card, a live payment with the test card), getOrder,
 * getSubscription, getCustomerInformation, issueRefund, searchOrders; the types PHP decodes;
 * the faults ORDER_PRODUCTS_EMPTY and ORDER_NOT_FOUND. */
require __DIR__ . '/lib/compat.php';

$host = compat_base();
$merchantCode = compat_code();
$key = compat_secret();

$client = new SoapClient($host."/soap/6.0/?wsdl", array('location' => $host."/soap/6.0/", 'cache_wsdl' => WSDL_CACHE_NONE));

$date = gmdate('Y-m-d H:i:s');
$string = strlen($merchantCode) . $merchantCode . strlen($date) . $date;
$hash = hash_hmac('sha256', $string, $key);
$sessionID = $client->login($merchantCode, $date, $hash, "sha256");

function dynamic_order($cardNumber, $type = "TEST")
{
    $Order = new stdClass();
    $Order->RefNo = NULL;
    $Order->Currency = 'usd';
    $Order->Country = 'US';
    $Order->Language = 'en';
    $Order->CustomerIP = '91.220.121.21';
    $Order->ExternalReference = NULL;
    $Order->Source = NULL;
    $Order->CustomerReference = 421820775; /* an Integer, as the seed says */
    $Order->LocalTime = date('Y-m-d H:i:s');

    $Order->Items = array();
    $Order->Items[0] = new stdClass();
    $Order->Items[0]->Code = NULL;
    $Order->Items[0]->Quantity = 2;
    $Order->Items[0]->Name = 'Dynamic product';
    $Order->Items[0]->Description = 'Test description';
    $Order->Items[0]->IsDynamic = true;
    $Order->Items[0]->Tangible = false;
    $Order->Items[0]->PurchaseType = 'PRODUCT';
    $Order->Items[0]->PriceOptions = NULL;
    $Order->Items[0]->Price = new stdClass();
    $Order->Items[0]->Price->Amount = 12.5;
    $Order->Items[0]->Price->Type = 'CUSTOM';
    $Order->Items[0]->RecurringOptions = new stdClass();
    $Order->Items[0]->RecurringOptions->CycleLength = 1;
    $Order->Items[0]->RecurringOptions->CycleUnit = 'MONTH';
    $Order->Items[0]->RecurringOptions->CycleAmount = 12.5;
    $Order->Items[0]->RecurringOptions->ContractLength = 12;
    $Order->Items[0]->RecurringOptions->ContractUnit = 'MONTH';

    $Order->BillingDetails = new stdClass();
    $Order->BillingDetails->FirstName = 'John';
    $Order->BillingDetails->LastName = 'Doe';
    $Order->BillingDetails->Email = 'john.doe@example.com';
    $Order->BillingDetails->Address1 = 'Test Address';
    $Order->BillingDetails->City = 'LA';
    $Order->BillingDetails->State = 'California';
    $Order->BillingDetails->CountryCode = 'US';
    $Order->BillingDetails->Zip = '12345';
    $Order->DeliveryDetails = $Order->BillingDetails;

    $Order->PaymentDetails = new stdClass();
    $Order->PaymentDetails->Type = $type;
    $Order->PaymentDetails->Currency = 'usd';
    $Order->PaymentDetails->PaymentMethod = new stdClass();
    $Order->PaymentDetails->PaymentMethod->CardNumber = $cardNumber;
    $Order->PaymentDetails->PaymentMethod->CardType = 'visa';
    $Order->PaymentDetails->PaymentMethod->ExpirationYear = '2035';
    $Order->PaymentDetails->PaymentMethod->ExpirationMonth = '12';
    $Order->PaymentDetails->PaymentMethod->HolderName = 'John Doe';
    $Order->PaymentDetails->PaymentMethod->CCID = '123';
    $Order->PaymentDetails->PaymentMethod->RecurringEnabled = true;
    $Order->PaymentDetails->PaymentMethod->Vendor3DSReturnURL = 'https://example.com/ok';
    $Order->PaymentDetails->PaymentMethod->Vendor3DSCancelURL = 'https://example.com/no';
    return $Order;
}

/* --- placeOrder --- */
try {
    $order = $client->placeOrder($sessionID, dynamic_order('4111111111111111'));
} catch (SoapFault $e) {
    echo "placeOrder: " . $e->faultcode . ": " . $e->getMessage() . "\n";
    exit(1);
}
check(is_object($order), "placeOrder returns an object");
check(is_string($order->RefNo) && preg_match('/^[0-9]{9}$/', $order->RefNo) === 1,
      "RefNo is a 9-digit string");
check(is_int($order->OrderNo), "OrderNo is an int");
check_same("COMPLETE", $order->Status, "Status");
check_same("OK", $order->ApproveStatus, "ApproveStatus");
check_same(true, $order->TestOrder, "TestOrder");
check_same(null, $order->Errors, "Errors is null");
check_same(25.0, (float)$order->GrossPrice, "GrossPrice");
check_same("1111", $order->PaymentDetails->PaymentMethod->LastDigits, "LastDigits");
check(!isset($order->PaymentDetails->PaymentMethod->CardNumber), "no CardNumber in the answer");
check(is_array($order->Items) && count($order->Items) === 1, "Items is an array");
$item = $order->Items[0];
check_same(null, $item->Code, "a dynamic item has no Code");
check_same(2, $item->Quantity, "Quantity is an int");
check_same(12.5, (float)$item->Price->UnitGrossPrice, "Price.UnitGrossPrice");
$subs = $item->ProductDetails->Subscriptions;
check(is_array($subs) && count($subs) === 1, "one subscription");
$subRef = $subs[0]->SubscriptionReference;
check(is_string($subRef) && strlen($subRef) === 10, "SubscriptionReference has 10 characters");
check(is_int($order->AvangateCustomerReference), "AvangateCustomerReference is an int");
check_same(421820775, $order->CustomerReference, "CustomerReference is an int, as sent");

/* --- getOrder --- */
$got = $client->getOrder($sessionID, $order->RefNo);
check_same($order->RefNo, $got->RefNo, "getOrder: RefNo");
check_same("COMPLETE", $got->Status, "getOrder: Status");
check_same("PENDING", $got->StatusHistory[0]->Status, "getOrder: the history starts PENDING");
check_fault("ORDER_NOT_FOUND", function () use ($client, $sessionID) {
    $client->getOrder($sessionID, "000000001");
}, "getOrder of an unknown RefNo");

/* --- getSubscription: the seed's Subscription object --- */
$sub = $client->getSubscription($sessionID, $subRef);
check_same($subRef, $sub->SubscriptionReference, "getSubscription: SubscriptionReference");
check_same(true, $sub->RecurringEnabled, "getSubscription: RecurringEnabled");
check_same(true, $sub->TestSubscription, "getSubscription: TestSubscription");
check_same(2, $sub->Product->ProductQuantity, "getSubscription: Product.ProductQuantity");
check_same("Dynamic product", $sub->Product->ProductName, "getSubscription: Product.ProductName");
check_same("John", $sub->EndUser->Person->FirstName, "getSubscription: EndUser.Person.FirstName");
check_same($merchantCode, $sub->MerchantCode, "getSubscription: MerchantCode");
check_same("421820775", $sub->ExternalCustomerReference,
           "getSubscription: ExternalCustomerReference");

/* --- getCustomerInformation --- */
$customer = $client->getCustomerInformation($sessionID, $order->AvangateCustomerReference,
                                            '421820775');
check_same($order->AvangateCustomerReference, $customer->AvangateCustomerReference,
           "getCustomerInformation: AvangateCustomerReference");
check_same("john.doe@example.com", $customer->Email, "getCustomerInformation: Email");

/* --- a refused payment: the order with its RefNo and Errors, as _testPlaceFail expects --- */
$failed = $client->placeOrder($sessionID, dynamic_order('4111111111111111', 'CC'));
check(is_string($failed->RefNo) && $failed->RefNo !== '', "refused: the order has a RefNo");
check(is_object($failed->Errors) || is_array($failed->Errors), "refused: Errors is a map");
$errors = (array)$failed->Errors;
check(isset($errors['PAYMENT_TEST_CARD_NOT_ALLOWED']), "refused: PAYMENT_TEST_CARD_NOT_ALLOWED");
$declined = $client->placeOrder($sessionID, dynamic_order('4000000000000002'));
check_same("PENDING", $declined->Status, "declined card: Status (waits for a retry)");
check(isset(((array)$declined->Errors)['PAYMENT_DECLINED']), "declined card: PAYMENT_DECLINED");

/* --- the seed's card form: PaymentMethod.CardPayment, and WSOrder in PaymentMethod (the seed's
 * 3-D Secure table); the WSDL declares both, so SoapClient sends them --- */
$nested = dynamic_order('4111111111111111');
$pm = $nested->PaymentDetails->PaymentMethod;
$card = new stdClass();
foreach (array('CardNumber', 'CardType', 'ExpirationYear', 'ExpirationMonth', 'HolderName', 'CCID',
               'Vendor3DSReturnURL', 'Vendor3DSCancelURL') as $k) {
    $card->$k = $pm->$k;
    unset($pm->$k);
}
$pm->CardPayment = $card;
$pm->WSOrder = 'https://www.example.org';
$viaCardPayment = $client->placeOrder($sessionID, $nested);
check_same("COMPLETE", $viaCardPayment->Status, "CardPayment form: Status");
check_same("1111", $viaCardPayment->PaymentDetails->PaymentMethod->LastDigits,
           "CardPayment form: LastDigits");
check_same("https://www.example.org", $viaCardPayment->WSOrder, "PaymentMethod.WSOrder is kept");

/* --- the declined order's payment retried: placeOrder with its RefNo and new PaymentDetails --- */
$retry = new stdClass();
$retry->RefNo = $declined->RefNo;
$retry->PaymentDetails = dynamic_order('4111111111111111')->PaymentDetails;
$paid = $client->placeOrder($sessionID, $retry);
check_same($declined->RefNo, $paid->RefNo, "retry: the same order");
check_same("COMPLETE", $paid->Status, "retry: Status");
check_same(null, $paid->Errors, "retry: Errors is null");

/* --- createCustomer, updateCustomerInformation, getAvailableCurrencies: in the WSDL --- */
$newCustomer = new stdClass();
$newCustomer->ExternalCustomerReference = 'PHP-NEW-CUSTOMER';
$newCustomer->FirstName = 'Ana';
$newCustomer->LastName = 'Pop';
$newCustomer->Email = 'ana@example.com';
$newRef = $client->createCustomer($sessionID, $newCustomer);
check(is_int($newRef), "createCustomer returns the AvangateCustomerReference, an int");
$change = new stdClass();
$change->AvangateCustomerReference = $newRef;
$change->City = 'Cluj';
check_same(true, $client->updateCustomerInformation($sessionID, $change, false),
           "updateCustomerInformation returns true");
check_same('Cluj', $client->getCustomerInformation($sessionID, $newRef)->City,
           "updateCustomerInformation: City");
$currencies = $client->getAvailableCurrencies($sessionID);
check(is_array($currencies) && in_array('USD', $currencies, true),
      "getAvailableCurrencies lists USD");

/* --- a validation error is a SoapFault --- */
check_fault("ORDER_PRODUCTS_EMPTY", function () use ($client, $sessionID) {
    $o = dynamic_order('4111111111111111');
    $o->Items = array();
    $client->placeOrder($sessionID, $o);
}, "placeOrder without items");

/* --- issueRefund, as the platform's sample calls it --- */
$items = new stdClass();
$refunded = $client->issueRefund($sessionID, $order->RefNo, 10, $items, "A comment", "Duplicate purchase");
check_same(true, $refunded, "issueRefund returns true");
$got = $client->getOrder($sessionID, $order->RefNo);
check_same(10.0, (float)$got->Refunds[0]->Amount, "getOrder: the refund is listed");

/* --- searchOrders --- */
$search = new stdClass();
$search->Status = "PENDING"; /* the refused payment not retried waits */
$search->Page = 1;
$search->Limit = 10;
$found = $client->searchOrders($sessionID, $search);
check_same(1, $found->Pagination->Count, "searchOrders by Status: Count");

compat_done();
