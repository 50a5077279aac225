<?php
/* soap_partners.php — the seed's two Channel Manager samples, setExternalRef and getProforma,
 * run by PHP's SoapClient unmodified but for their placeholders (the files they require, host
 * and credentials, the reference and the invoice number), against /soap/6.0/ and
 * /channel-manager/2.1/soap/: for success and for each documented error. The samples end with
 * exit, so each runs in a php process of its own; its output is what is checked.
 * Setup: a product added through the catalog's addProduct on /soap/6.0/ (the name the
 * partner cart has on the Channel Manager), two partners through the control API. */
require __DIR__ . '/lib/compat.php';

$host = compat_base();
$merchantCode = compat_code();
$key = compat_secret();
$dir = __DIR__ . '/partners';

function login_client($endpoint)
{
    global $host, $merchantCode, $key;
    $client = new SoapClient($host.$endpoint."?wsdl", array('location' => $host.$endpoint, 'cache_wsdl' => WSDL_CACHE_NONE));
    $date = gmdate('Y-m-d H:i:s');
    $hash = hash_hmac('sha256', strlen($merchantCode) . $merchantCode . strlen($date) . $date, $key);
    return array($client, $client->login($merchantCode, $date, $hash, "sha256"));
}

/* --- the vendor side: a catalog product (the 6.0 addProduct), two partners ----------------- */
list($v6, $sid6) = login_client("/soap/6.0/");
$Product = new stdClass();
$Product->ProductCode = 'CM-SEAT';
$Product->ProductName = 'Channel seat';
$Product->PricingConfigurations = array(new stdClass());
$Product->PricingConfigurations[0]->PriceType = 'NET';
$Product->PricingConfigurations[0]->Prices = new stdClass();
$Product->PricingConfigurations[0]->Prices->Regular = array(new stdClass());
$Product->PricingConfigurations[0]->Prices->Regular[0]->Amount = 40;
$Product->PricingConfigurations[0]->Prices->Regular[0]->Currency = 'USD';
check_same(true, $v6->addProduct($sid6, $Product), "6.0 addProduct is the catalog's: a product added");

function control_partner($code, $list)
{
    global $host, $merchantCode;
    $body = json_encode(array('Vendor' => $merchantCode, 'PartnerCode' => $code,
        'CompanyName' => "$code Ltd", 'Currency' => 'USD',
        'PricingLists' => array(array('Code' => $list, 'Products' => array(
            array('ProductCode' => 'CM-SEAT', 'Discount' => 25))))));
    $ch = curl_init($host . '/control/partners/');
    curl_setopt_array($ch, array(CURLOPT_POST => true, CURLOPT_POSTFIELDS => $body,
        CURLOPT_RETURNTRANSFER => true, CURLOPT_HTTPHEADER => array(
            'Authorization: Bearer ' . compat_env('KASSA_ADMIN_TOKEN'),
            'Content-Type: application/json')));
    $out = curl_exec($ch);
    $status = curl_getinfo($ch, CURLINFO_HTTP_CODE);
    curl_close($ch);
    check_same(201, $status, "control API creates partner $code");
    return json_decode($out);
}
$a = control_partner('CM-A', 'LIST-A');
control_partner('CM-B', 'LIST-B');
$productId = $a->PricingLists[0]->Products[0]->ProductId;
check(is_int($productId) && $productId > 0, "the pricing list names the product's id");

/* Runs a sample with its placeholders replaced; returns its output. */
function run_sample($sample, $endpoint, $partner, $vars, $setPartner = 'setPartner.php')
{
    global $dir, $host, $merchantCode, $key, $productId;
    $text = file_get_contents("$dir/$sample");
    $subst = array_merge(array(
        'PATH_TO_AUTH' => "$dir/auth.php",
        'PATH_TO_setPartner' => "$dir/$setPartner",
        'PATH_TO_addProduct' => "$dir/addProduct.php"), $vars);
    foreach ($subst as $from => $to)
        $text = str_replace("'$from'", var_export($to, true), $text);
    $file = tempnam(sys_get_temp_dir(), 'kassa-cm-');
    file_put_contents($file, $text);
    $env = array('KASSA_URL' => $host, 'KASSA_CODE' => $merchantCode, 'KASSA_SECRET' => $key,
        'KASSA_CM_ENDPOINT' => $endpoint, 'KASSA_PARTNER' => $partner,
        'KASSA_PRODUCT_ID' => (string) $productId,
        'KASSA_PRICING_LIST' => $partner === 'CM-B' ? 'LIST-B' : 'LIST-A',
        'PATH' => getenv('PATH'));
    $p = proc_open(array(PHP_BINARY, $file), array(1 => array('pipe', 'w'), 2 => array('pipe', 'w')), $pipes, null, $env);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    proc_close($p);
    unlink($file);
    return $out;
}

function check_output($needle, $out, $what)
{
    $ok = check(strpos($out, $needle) !== false, $what);
    if (!$ok)
        echo "        expected ", var_export($needle, true), " in:\n", $out, "\n";
}

foreach (array("/soap/6.0/", "/channel-manager/2.1/soap/") as $ep) {
    echo "$ep\n";
    /* setExternalRef: success, then INVALID_SOURCE for an empty or blank reference */
    $out = run_sample('setExternalRef.sample.php', $ep, 'CM-A', array());
    check_output("string(21) \"ExternalIdentifierSet\"\nbool(true)", $out, "setExternalRef sample: true");
    foreach (array('', '   ') as $empty) {
        $out = run_sample('setExternalRef.sample.php', $ep, 'CM-A', array('NEW_ORDER_REFERENCE' => $empty));
        check_same(" ExternalIdentifierSet: The provided external reference is empty.", $out,
            "setExternalRef sample with " . var_export($empty, true) . ": INVALID_SOURCE");
    }

    /* an invoice of partner A, through the same endpoint's own names */
    list($c, $sid) = login_client($ep);
    $cm = strpos($ep, '/channel-manager/') === 0;
    $c->setPartner($sid, 'CM-A');
    check_same(true, $cm ? $c->addProduct($sid, $productId, 2, null, 'LIST-A')
                         : $c->addPartnerProduct($sid, $productId, 2, null, 'LIST-A'), "addProduct to the partner cart");
    check_same(true, $c->setExternalRef($sid, 'PO-' . ($cm ? 'CM' : '60')), "setExternalRef");
    $order = $cm ? $c->placeOrder($sid) : $c->placePartnerOrder($sid);
    check_same('AWAITING_PAYMENT', $order->Status, "placeOrder: awaiting payment");
    check_same(array('UNPAID_PROFORMA'), $order->OrderLockReason, "placeOrder: locked on its invoice");
    check_same(60.0, $order->TotalAmount, "placeOrder: 2 x 40 USD at 25% off");
    $pf = $c->createProforma($sid, array($order->RefNo));
    check_same(array($order->RefNo), $pf->Orders, "createProforma: the order");

    /* getProforma: success, then INVALID_PARTNER and INVALID_PROFORMA_NUMBER */
    $out = run_sample('getProforma.sample.php', $ep, 'CM-A', array('YOUR_PROFORMA_NUMBER' => $pf->Number));
    check_output("string(14) \"ProformaOutput\"", $out, "getProforma sample: the invoice");
    check_output("[\"Number\"]=>\n  string(10) \"$pf->Number\"", $out, "getProforma sample: its Number");
    check_output("[\"Total\"]=>\n  string(5) \"60.00\"", $out, "getProforma sample: Total a string");
    check_output("[\"Status\"]=>\n  string(6) \"Unpaid\"", $out, "getProforma sample: Unpaid");
    check_output("/partner-invoices/", $out, "getProforma sample: ProformaPDF link");
    $out = run_sample('getProforma.sample.php', $ep, 'CM-A', array('YOUR_PROFORMA_NUMBER' => $pf->Number), 'noPartner.php');
    check_same("ProformaOutput: No partner is set.", $out, "getProforma sample without setPartner: INVALID_PARTNER");
    $out = run_sample('getProforma.sample.php', $ep, 'CM-A', array('YOUR_PROFORMA_NUMBER' => '0000000000'));
    check_same("ProformaOutput: Invalid partner invoice number.", $out, "getProforma sample, unknown number: INVALID_PROFORMA_NUMBER");
    $out = run_sample('getProforma.sample.php', $ep, 'CM-B', array('YOUR_PROFORMA_NUMBER' => $pf->Number));
    check_same("ProformaOutput: Invalid partner invoice number.", $out, "getProforma sample, another partner's: INVALID_PROFORMA_NUMBER");

    /* the faults as SoapClient raises them */
    check_fault('INVALID_SOURCE', function () use ($c, $sid) { $c->setExternalRef($sid, ''); }, "setExternalRef('')");
    check_fault('INVALID_PROFORMA_NUMBER', function () use ($c, $sid) { $c->getProforma($sid, '1'); }, "getProforma('1')");
}

/* the Channel Manager's WSDL has the partner cart's addProduct, not the catalog's */
list($cmc) = login_client("/channel-manager/2.1/soap/");
$fns = implode("\n", $cmc->__getFunctions());
check(strpos($fns, 'addProduct(string $sessionID, long $productId, long $quantity') !== false, "2.1 WSDL: the partner cart's addProduct");
check(strpos($fns, 'addLead(') === false, "2.1 WSDL: no vendor API operations");

compat_done();
