<?php
/* soap_subscriptions.php — the subscription operations through PHP's SoapClient in WSDL mode
 * (it refuses any function the WSDL does not declare): a recurring order, then
 * disableRecurringBilling / enableRecurringBilling, cancelSubscription / enableSubscription,
 * updateSubscription, searchSubscriptions, getSubscriptions, getSubscriptionHistory,
 * getProductUpgradeOptions, and the faults of getProductUpgradeOptionsPrice and
 * setSubscriptionUpgrade called as the seed calls it. */
require __DIR__ . '/lib/compat.php';

$host = compat_base();
$merchantCode = compat_code();
$key = compat_secret();

$client = new SoapClient($host."/soap/6.0/?wsdl", array('location' => $host."/soap/6.0/", 'cache_wsdl' => WSDL_CACHE_NONE));

$date = gmdate('Y-m-d H:i:s');
$string = strlen($merchantCode) . $merchantCode . strlen($date) . $date;
$hash = hash_hmac('sha256', $string, $key);
$sessionID = $client->login($merchantCode, $date, $hash, "sha256");

$Order = new stdClass();
$Order->Currency = 'usd';
$Order->Language = 'en';
$Order->LocalTime = date('Y-m-d H:i:s');
$Order->Items = array(new stdClass());
$Order->Items[0]->Code = NULL;
$Order->Items[0]->Quantity = 1;
$Order->Items[0]->Name = 'Hosting';
$Order->Items[0]->IsDynamic = true;
$Order->Items[0]->Tangible = false;
$Order->Items[0]->PurchaseType = 'PRODUCT';
$Order->Items[0]->Price = new stdClass();
$Order->Items[0]->Price->Amount = 9;
$Order->Items[0]->Price->Type = 'CUSTOM';
$Order->Items[0]->RecurringOptions = new stdClass();
$Order->Items[0]->RecurringOptions->CycleLength = 1;
$Order->Items[0]->RecurringOptions->CycleUnit = 'MONTH';
$Order->BillingDetails = new stdClass();
$Order->BillingDetails->FirstName = 'John';
$Order->BillingDetails->LastName = 'Doe';
$Order->BillingDetails->Email = 'john.doe@example.com';
$Order->BillingDetails->Address1 = 'Test Address';
$Order->BillingDetails->City = 'LA';
$Order->BillingDetails->State = 'California';
$Order->BillingDetails->CountryCode = 'US';
$Order->BillingDetails->Zip = '12345';
$Order->PaymentDetails = new stdClass();
$Order->PaymentDetails->Type = 'TEST';
$Order->PaymentDetails->Currency = 'usd';
$Order->PaymentDetails->PaymentMethod = new stdClass();
$Order->PaymentDetails->PaymentMethod->CardNumber = '4111111111111111';
$Order->PaymentDetails->PaymentMethod->CardType = 'visa';
$Order->PaymentDetails->PaymentMethod->ExpirationYear = '2035';
$Order->PaymentDetails->PaymentMethod->ExpirationMonth = '12';
$Order->PaymentDetails->PaymentMethod->HolderName = 'John Doe';
$Order->PaymentDetails->PaymentMethod->CCID = '123';
$Order->PaymentDetails->PaymentMethod->RecurringEnabled = true;
$Order->PaymentDetails->PaymentMethod->Vendor3DSReturnURL = 'https://example.com/ok';
$Order->PaymentDetails->PaymentMethod->Vendor3DSCancelURL = 'https://example.com/no';

$order = $client->placeOrder($sessionID, $Order);
$ref = $order->Items[0]->ProductDetails->Subscriptions[0]->SubscriptionReference;
check(is_string($ref) && strlen($ref) == 10, "the order created a subscription");

check_same(true, $client->disableRecurringBilling($sessionID, $ref), "disableRecurringBilling");
check_same(false, $client->getSubscription($sessionID, $ref)->RecurringEnabled,
           "RecurringEnabled false");
check_same(true, $client->enableRecurringBilling($sessionID, $ref), "enableRecurringBilling");
check_same(true, $client->cancelSubscription($sessionID, $ref), "cancelSubscription");
check_same(false, $client->getSubscription($sessionID, $ref)->SubscriptionEnabled,
           "SubscriptionEnabled false");
check_same(true, $client->enableSubscription($sessionID, $ref), "enableSubscription");

$upd = new stdClass();
$upd->ExternalCustomerReference = 'PHP-EXT';
check_same(true, $client->updateSubscription($sessionID, $ref, $upd), "updateSubscription");
check_same('PHP-EXT', $client->getSubscription($sessionID, $ref)->ExternalCustomerReference,
           "ExternalCustomerReference updated");

$search = new stdClass();
$search->CustomerEmail = 'john.doe@example.com';
$search->Pagination = new stdClass();
$search->Pagination->Page = 1;
$search->Pagination->Limit = 10;
$found = $client->searchSubscriptions($sessionID, $search);
check_same(1, $found->Pagination->Count, "searchSubscriptions counts one");
check_same($ref, $found->Items[0]->SubscriptionReference, "searchSubscriptions finds it");

$list = $client->getSubscriptions($sessionID, array($ref, 'NOPE000000'), true);
check_same(1, count($list), "getSubscriptions returns the known one");

$hist = $client->getSubscriptionHistory($sessionID, $ref);
check_same(1, count($hist), "getSubscriptionHistory: one order");
check_same($order->RefNo, $hist[0]->RefNo, "the order that created it");
check_same('NEW', $hist[0]->Type, "Type NEW");

check_same(array(), $client->getProductUpgradeOptions($sessionID, $ref),
           "a dynamic item upgrades to nothing");
check_fault("SUBSCRIPTION_UPGRADE_PRODUCT_INVALID", function () use ($client, $sessionID, $ref) {
    $client->getProductUpgradeOptionsPrice($sessionID, $ref, 'NOPE', 'USD', '');
}, "getProductUpgradeOptionsPrice of no upgrade target");
/* the seed's call: ($sessionID, $subscriptionReference, $productCode, $options, $customPrice) */
$subscriptionReference = $ref;
$productCode = 'YOUR_PRODUCT_CODE';
$options = 'YOUR_PRICE_CODES';
$customPrice = 1;
check_fault("SUBSCRIPTION_UPGRADE_PRODUCT_INVALID",
            function () use ($client, $sessionID, $subscriptionReference, $productCode, $options,
                             $customPrice) {
    $client->setSubscriptionUpgrade($sessionID, $subscriptionReference, $productCode, $options,
                                    $customPrice);
}, "setSubscriptionUpgrade to a product that is no upgrade");
check_fault("SUBSCRIPTION_NOT_FOUND", function () use ($client, $sessionID) {
    $client->setSubscriptionUpgrade($sessionID, 'NOPE000000', 'X', '', 1);
}, "setSubscriptionUpgrade of an unknown subscription");
check_fault("SUBSCRIPTION_NOT_FOUND", function () use ($client, $sessionID) {
    $client->cancelSubscription($sessionID, 'NOPE000000');
}, "cancelSubscription of an unknown subscription");

/* --- addSubscription: a subscription imported, as the platform's samples send it --- */
$product = new stdClass();
$product->ProductCode = 'PHP-IMPORTED';
$product->ProductName = 'Imported plan';
$product->PricingConfigurations = array(new stdClass());
$product->PricingConfigurations[0]->PriceType = 'NET';
$product->PricingConfigurations[0]->Prices = new stdClass();
$product->PricingConfigurations[0]->Prices->Regular = array(new stdClass());
$product->PricingConfigurations[0]->Prices->Regular[0]->Amount = 10;
$product->PricingConfigurations[0]->Prices->Regular[0]->Currency = 'USD';
$product->SubscriptionInformation = new stdClass();
$product->SubscriptionInformation->BillingCycle = 1;
$product->SubscriptionInformation->BillingCycleUnits = 'M';
$product->SubscriptionInformation->IsOneTimeFee = false;
check_same(true, $client->addProduct($sessionID, $product), "addProduct returns true");
$import = new stdClass();
$import->StartDate = '2031-01-16';
$import->ExpirationDate = '2031-02-16';
$import->Test = true;
$import->Product = new stdClass();
$import->Product->ProductCode = 'PHP-IMPORTED';
$import->Product->ProductQuantity = 2;
$import->EndUser = new stdClass();
$import->EndUser->FirstName = 'Customer';
$import->EndUser->LastName = '2Checkout';
$import->EndUser->Email = 'customer@example.com';
$import->EndUser->CountryCode = 'US';
$import->Payment = new stdClass();
$import->Payment->CardNumber = '4111111111111111';
$import->Payment->CardType = 'VISA';
$import->Payment->ExpirationMonth = '12';
$import->Payment->ExpirationYear = '2035';
$import->Payment->HolderName = 'John Doe';
$import->Payment->CCID = '123';
$importedRef = $client->addSubscription($sessionID, $import);
check(is_string($importedRef) && strlen($importedRef) === 10,
      "addSubscription returns a 10-character SubscriptionReference");
$imported = $client->getSubscription($sessionID, $importedRef);
check_same('2031-02-16', $imported->ExpirationDate, "imported: ExpirationDate");
check_same(2, $imported->Product->ProductQuantity, "imported: ProductQuantity");

compat_done();
