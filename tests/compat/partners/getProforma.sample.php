<?php
require('PATH_TO_AUTH'); // Authentication example: https://knowledgecenter.avangate.com/Integration/Channel_Manager_API/SOAP/02Authentication
require('PATH_TO_setPartner'); // setPartner example: https://knowledgecenter.avangate.com/Integration/Channel_Manager_API/SOAP/06Reference/Partner/00Set_partner
$proformaNumber = 'YOUR_PROFORMA_NUMBER';
try {
$Proforma= $client->getProforma ($sessionID, $proformaNumber,True);
} catch (SoapFault $e) {
echo "ProformaOutput: " . $e->getMessage();
exit;
}
var_dump ("ProformaOutput", $Proforma);
