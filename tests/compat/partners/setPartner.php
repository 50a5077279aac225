<?php
/* setPartner.php — the setPartner step the samples require (PATH_TO_setPartner), as the
 * platform's sample writes it; the partner code comes from the environment. */
$partnerCode = getenv('KASSA_PARTNER');

try {
    $Partner = $client->setPartner($sessionID, $partnerCode);
} catch (SoapFault $e) {
    echo "Partner: " . $e->getMessage();
    exit;
}
