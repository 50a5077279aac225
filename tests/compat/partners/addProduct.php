<?php
/* addProduct.php — the addProduct step the setExternalRef sample requires
 * (PATH_TO_addProduct): the platform's "Add product to cart" sample. On the Channel Manager 2.1
 * endpoint the partner cart's method is addProduct; on /soap/6.0/, where addProduct is the
 * catalog's, the same operation is addPartnerProduct (Kassa's operation table, docs/partners.md). */
$productId = (int) getenv('KASSA_PRODUCT_ID');
$quantity = 1;
$priceOptions = null;
$pricingListCode = getenv('KASSA_PRICING_LIST');
$method = strpos($endpoint, '/channel-manager/') === 0 ? 'addProduct' : 'addPartnerProduct';

try {
    $ProductAdded = $client->$method($sessionID, $productId, $quantity, $priceOptions, $pricingListCode);
} catch (SoapFault $e) {
    echo "ProductAdded: " . $e->getMessage();
    exit;
}
