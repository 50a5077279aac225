<?php
/* noPartner.php — stands for PATH_TO_setPartner when a sample must run without a partner set
 * (the documented INVALID_PARTNER "No partner is set."). */
