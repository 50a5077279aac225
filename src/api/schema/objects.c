/* objects.c — every API object, declared once: names, types, required fields, limits, formats
 * and where bound fields land in domain structs. Field names and shapes are the platform's
 * (seeds and reference); objects are listed bottom-up so each can name the ones it contains. */
#include "objects.h"

#include <stddef.h>

#include "../../domain/auth.h"
#include "../../domain/common.h"

#define END {.name = NULL}

/* --- shared pieces ----------------------------------------------------------------------- */

/* Page and Limit, declared once: the two fields of a search input T whose ks_page_in member is
 * m (domain/page.h). The Pagination object of JSON-RPC and SOAP searches is the same pair. */
#define KS_PAGE_FIELDS(T, m)                                                                       \
    {"Page", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(T, m.page),                        \
     KS_BIND_PRESENT(T, m.has_page)},                                                              \
    {                                                                                              \
        "Limit", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(T, m.limit),                   \
        KS_BIND_PRESENT(T, m.has_limit)                                                            \
    }

static const ks_field address_fields[] = {
    {"FirstName", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, first_name)},
    {"LastName", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, last_name)},
    {"Company", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, company)},
    {"FiscalCode", KS_T_STRING, .maxlen = 100, KS_BIND(ks_address, fiscal_code)},
    {"TaxOffice", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, tax_office)},
    {"Email", KS_T_STRING, .fmt = KS_FMT_EMAIL, KS_BIND(ks_address, email)},
    {"Phone", KS_T_STRING, .maxlen = 64, KS_BIND(ks_address, phone)},
    {"Fax", KS_T_STRING, .maxlen = 64, KS_BIND(ks_address, fax)},
    {"Address1", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, address1)},
    {"Address2", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, address2)},
    {"City", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, city)},
    {"Zip", KS_T_STRING, .maxlen = 64, KS_BIND(ks_address, zip)},
    {"CountryCode", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(ks_address, country_code)},
    {"State", KS_T_STRING, .maxlen = 255, KS_BIND(ks_address, state)},
    {"TaxExemptionId", KS_T_STRING, .maxlen = 100, KS_BIND(ks_address, tax_exemption_id)},
    END,
};
const ks_schema ks_schema_Address = {"Address", sizeof(ks_address), address_fields,
                                     "Billing or delivery details of a shopper."};

static const ks_field item_price_fields[] = {
    {"Amount", KS_T_DECIMAL, KS_BIND(ks_item_price, amount),
     KS_BIND_PRESENT(ks_item_price, has_amount)},
    {"Type", KS_T_STRING, .maxlen = 32, KS_BIND(ks_item_price, type)},
    END,
};
const ks_schema ks_schema_ItemPrice = {"ItemPrice", sizeof(ks_item_price), item_price_fields,
                                       "The price of an item: Amount, and Type CUSTOM for "
                                       "dynamic pricing."};

static const ks_field price_option_fields[] = {
    {"Name", KS_T_STRING, .maxlen = 255},
    {"Value", KS_T_STRING, .maxlen = 255},
    {"Surcharge", KS_T_DECIMAL},
    END,
};
static const ks_schema price_option = {"PriceOption", 0, price_option_fields, NULL};

static const ks_field price_option_group_fields[] = {
    {"Name", KS_T_STRING, .maxlen = 255},
    {"Required", KS_T_BOOL},
    {"Options", KS_T_ARRAY, .obj = &price_option},
    END,
};
static const ks_schema price_option_group = {"PriceOptionGroup", 0, price_option_group_fields,
                                             NULL};

static const ks_field recurring_fields[] = {
    {"CycleLength", KS_T_INT, KS_BIND(ks_item_recurring, cycle_length),
     KS_BIND_PRESENT(ks_item_recurring, has_cycle_length)},
    {"CycleUnit", KS_T_STRING, .maxlen = 32, KS_BIND(ks_item_recurring, cycle_unit),
     .doc = "DAY, WEEK, MONTH or YEAR"},
    {"CycleAmount", KS_T_DECIMAL, KS_BIND(ks_item_recurring, cycle_amount),
     KS_BIND_PRESENT(ks_item_recurring, has_cycle_amount),
     .doc = "The amount billed on each renewal"},
    {"ContractLength", KS_T_INT, KS_BIND(ks_item_recurring, contract_length),
     KS_BIND_PRESENT(ks_item_recurring, has_contract_length)},
    {"ContractUnit", KS_T_STRING, .maxlen = 32, KS_BIND(ks_item_recurring, contract_unit)},
    END,
};
static const ks_schema recurring_options = {"RecurringOptions", sizeof(ks_item_recurring),
                                            recurring_fields, NULL};

/* the seed's lead example: "MarketingCampaigns":{"Type":23,"ParentCode":"m","CampaignCode":23} */
static const ks_field campaign_fields[] = {
    {"Type", KS_T_INT},
    {"ParentCode", KS_T_STRING, .maxlen = 255},
    {"CampaignCode", KS_T_INT},
    END,
};
static const ks_schema marketing_campaigns = {"MarketingCampaigns", 0, campaign_fields, NULL};

static const ks_field cross_sell_fields[] = {
    {"ParentCode", KS_T_STRING, .maxlen = 255},
    {"CampaignCode", KS_T_STRING, .maxlen = 255},
    END,
};
static const ks_schema cross_sell = {"CrossSell", 0, cross_sell_fields, NULL};

static const ks_field additional_field_fields[] = {
    {"Code", KS_T_STRING, .maxlen = 255},
    {"Text", KS_T_STRING, .maxlen = 1024},
    {"Value", KS_T_STRING, .maxlen = 1024},
    END,
};
static const ks_schema additional_field = {"AdditionalField", 0, additional_field_fields, NULL};

static const ks_field trial_fields[] = {
    {"Period", KS_T_INT, KS_BIND(ks_cart_trial, period), KS_BIND_PRESENT(ks_cart_trial, has_period),
     .doc = "Days"},
    {"Price", KS_T_DECIMAL, KS_BIND(ks_cart_trial, price),
     KS_BIND_PRESENT(ks_cart_trial, has_price)},
    {"GrossPrice", KS_T_DECIMAL},
    {"NetPrice", KS_T_DECIMAL},
    {"VAT", KS_T_DECIMAL},
    END,
};
static const ks_schema trial = {"Trial", sizeof(ks_cart_trial), trial_fields, NULL};

static const ks_field shipping_method_fields[] = {
    {"Code", KS_T_STRING, .maxlen = 255},
    END,
};
static const ks_schema shipping_method = {"ShippingMethod", 0, shipping_method_fields, NULL};

static const ks_field delivery_information_fields[] = {
    {"ShippingMethod", KS_T_OBJECT, .obj = &shipping_method},
    END,
};
static const ks_schema delivery_information = {"DeliveryInformation", 0,
                                               delivery_information_fields, NULL};

/* The card's fields. PaymentMethod carries them flat (as the official SDKs send them) or nested
 * in PaymentMethod.CardPayment (the seed's parameter table); both bind into the same struct
 * and the payment processor takes one card of the two (docs/payments.md). CardNumber and CCID
 * are SECRET: they reach the payment processor's struct, never a stored document, a response
 * or a log line. */
#define CARD_FIELDS                                                                                \
    {"CardNumber", KS_T_STRING, KS_F_SECRET, .maxlen = 32,                                         \
     KS_BIND(ks_payment_method_in, card_number)},                                                  \
        {"CardType", KS_T_STRING, .maxlen = 32, KS_BIND(ks_payment_method_in, card_type)},         \
        {"ExpirationYear", KS_T_STRING, .maxlen = 4, KS_BIND(ks_payment_method_in, exp_year)},     \
        {"ExpirationMonth", KS_T_STRING, .maxlen = 2, KS_BIND(ks_payment_method_in, exp_month)},   \
        {"CCID", KS_T_STRING, KS_F_SECRET, .maxlen = 4, KS_BIND(ks_payment_method_in, ccid)},      \
        {"HolderName", KS_T_STRING, .maxlen = 255, KS_BIND(ks_payment_method_in, holder_name)},    \
        {"HolderNameTime", KS_T_DECIMAL, KS_BIND(ks_payment_method_in, holder_name_time),          \
         KS_BIND_PRESENT(ks_payment_method_in, has_holder_name_time)},                             \
        {"CardNumberTime", KS_T_DECIMAL, KS_BIND(ks_payment_method_in, card_number_time),          \
         KS_BIND_PRESENT(ks_payment_method_in, has_card_number_time)},                             \
        {"InstallmentsNumber", KS_T_INT, KS_BIND(ks_payment_method_in, installments),              \
         KS_BIND_PRESENT(ks_payment_method_in, has_installments)},                                 \
        {"Vendor3DSReturnURL", KS_T_STRING, .maxlen = 2048,                                        \
         KS_BIND(ks_payment_method_in, return_3ds)},                                               \
        {"Vendor3DSCancelURL", KS_T_STRING, .maxlen = 2048,                                        \
         KS_BIND(ks_payment_method_in, cancel_3ds)},                                               \
        {"WSOrder", KS_T_STRING, .maxlen = 2048, KS_BIND(ks_payment_method_in, ws_order),          \
         .doc = "The website shown in the shopper's emails (the seed's 3-D Secure table)"}

static const ks_field card_payment_fields[] = {CARD_FIELDS, END};
static const ks_schema card_payment = {"CardPayment", sizeof(ks_payment_method_in),
                                       card_payment_fields,
                                       "The card nested as the seed's parameter table has it"};

static const ks_field authorize_3ds_params_fields[] = {
    {"avng8apitoken", KS_T_STRING},
    END,
};
static const ks_schema authorize_3ds_params = {"Authorize3DSParams", 0,
                                               authorize_3ds_params_fields, NULL};

static const ks_field authorize_3ds_fields[] = {
    {"Href", KS_T_STRING, .doc = "The page to send the shopper to, with ?avng8apitoken=..."},
    {"Params", KS_T_OBJECT, .obj = &authorize_3ds_params},
    END,
};
static const ks_schema authorize_3ds = {"Authorize3DS", 0, authorize_3ds_fields,
                                        "Where a card that needs 3-D Secure is authenticated."};

static const ks_field payment_method_fields[] = {
    CARD_FIELDS,
    {"RecurringEnabled", KS_T_BOOL, KS_BIND(ks_payment_method_in, recurring_enabled),
     KS_BIND_PRESENT(ks_payment_method_in, has_recurring_enabled)},
    {"CardPayment", KS_T_OBJECT, .obj = &card_payment, KS_BIND(ks_payment_method_in, card_payment)},
    {"EesToken", KS_T_STRING, KS_F_SECRET, .maxlen = 255, KS_BIND(ks_payment_method_in, ees_token)},
    {"ReturnURL", KS_T_STRING, .maxlen = 2048, KS_BIND(ks_payment_method_in, return_url),
     .doc = "PayPal: where the shopper returns after approving"},
    {"CancelURL", KS_T_STRING, .maxlen = 2048, KS_BIND(ks_payment_method_in, cancel_url),
     .doc = "PayPal: where the shopper goes after canceling (default: ReturnURL)"},
    {"Email", KS_T_STRING, .maxlen = 254, KS_BIND(ks_payment_method_in, email)},
    {"FirstDigits", KS_T_STRING, KS_F_OUTPUT, .doc = "The card's first four digits"},
    {"LastDigits", KS_T_STRING, KS_F_OUTPUT, .doc = "The card's last four digits"},
    {"Authorize3DS", KS_T_OBJECT, KS_F_OUTPUT, .obj = &authorize_3ds,
     .doc = "While the order waits on 3-D Secure"},
    {"RedirectURL", KS_T_STRING, KS_F_OUTPUT, .doc = "PayPal: the approval page"},
    END,
};
static const ks_schema payment_method = {"PaymentMethod", sizeof(ks_payment_method_in),
                                         payment_method_fields, NULL};

static const ks_field payment_details_fields[] = {
    {"Type", KS_T_STRING, .maxlen = 64, KS_BIND(ks_payment_in, type),
     .doc = "CC, TEST, PAYPAL, EES_TOKEN_PAYMENT, or FREE for a zero total"},
    {"Currency", KS_T_STRING, .fmt = KS_FMT_CURRENCY, KS_BIND(ks_payment_in, currency)},
    {"RecurringEnabled", KS_T_BOOL, KS_BIND(ks_payment_in, recurring_enabled),
     KS_BIND_PRESENT(ks_payment_in, has_recurring_enabled)},
    {"PaymentMethod", KS_T_OBJECT, .obj = &payment_method, KS_BIND(ks_payment_in, method)},
    {"CustomerIP", KS_T_STRING, .maxlen = 64, KS_BIND(ks_payment_in, customer_ip)},
    END,
};
const ks_schema ks_schema_PaymentDetails = {"PaymentDetails", sizeof(ks_payment_in),
                                            payment_details_fields, NULL};

static const ks_field pagination_fields[] = {
    {"Page", KS_T_INT},
    {"Limit", KS_T_INT},
    {"Count", KS_T_INT},
    END,
};
const ks_schema ks_schema_Pagination = {"Pagination", 0, pagination_fields,
                                        "Page (from 1), Limit (1-200) and Count, the total "
                                        "number of matches."};

/* --- leads ------------------------------------------------------------------------------- */

static const ks_field lead_item_fields[] = {
    {"Code", KS_T_STRING, .maxlen = 255, KS_BIND(ks_lead_item, code)},
    {"Quantity", KS_T_INT, KS_F_NOT_NULL, KS_BIND(ks_lead_item, quantity),
     KS_BIND_PRESENT(ks_lead_item, has_quantity)},
    {"SKU", KS_T_STRING, .maxlen = 255},
    {"IsDynamic", KS_T_BOOL, KS_BIND(ks_lead_item, is_dynamic)},
    {"Tangible", KS_T_BOOL},
    {"PurchaseType", KS_T_STRING, .maxlen = 32},
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_lead_item, name)},
    {"Description", KS_T_STRING, .maxlen = 4096},
    {"PriceOptions", KS_T_ARRAY, .obj = &price_option_group},
    {"RecurringOptions", KS_T_OBJECT, .obj = &recurring_options},
    {"MarketingCampaigns", KS_T_OBJECT, .obj = &marketing_campaigns},
    {"CrossSell", KS_T_OBJECT, .obj = &cross_sell},
    {"Price", KS_T_OBJECT, .obj = &ks_schema_ItemPrice, KS_BIND(ks_lead_item, price)},
    {"AdditionalFields", KS_T_ARRAY, .obj = &additional_field},
    {"SubscriptionStartDate", KS_T_STRING, .maxlen = 32},
    {"Trial", KS_T_OBJECT, .obj = &trial},
    END,
};
const ks_schema ks_schema_LeadItem = {"LeadItem", sizeof(ks_lead_item), lead_item_fields,
                                      "A cart line: a catalog product by Code, or a dynamic "
                                      "product with IsDynamic, Name and Price."};

static const ks_field lead_followup_fields[] = {
    {"Number", KS_T_INT},
    {"ScheduledAt", KS_T_STRING},
    {"Status", KS_T_STRING},
    END,
};
const ks_schema ks_schema_LeadFollowUp = {"LeadFollowUp", 0, lead_followup_fields,
                                          "One follow-up email of a lead's schedule."};

static const ks_field lead_fields[] = {
    {"LeadCode", KS_T_STRING, .maxlen = KS_LEAD_CODE_MAX, KS_BIND(ks_lead, code)},
    {"GeneratedFrom", KS_T_STRING, .maxlen = 64, KS_BIND(ks_lead, generated_from),
     .doc = "The lead's source: API for addLead; updateLead may set it"},
    {"CartId", KS_T_STRING, .maxlen = 255},
    {"Currency", KS_T_STRING, KS_F_REQUIRED, .fmt = KS_FMT_CURRENCY, KS_BIND(ks_lead, currency)},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE, KS_BIND(ks_lead, language)},
    {"ExternalReference", KS_T_STRING, .maxlen = 100},
    {"Source", KS_T_STRING, .maxlen = 255},
    {"CustomerReference", KS_T_STRING, KS_F_INT_AS_TEXT, .maxlen = 255},
    {"MachineId", KS_T_STRING, KS_F_INT_AS_TEXT, .maxlen = 255},
    {"LocalTime", KS_T_STRING, .maxlen = 32, KS_BIND(ks_lead, local_time)},
    {"FollowedUp", KS_T_BOOL, KS_BIND(ks_lead, followed_up)},
    {"Items", KS_T_ARRAY, KS_F_REQUIRED, .obj = &ks_schema_LeadItem, KS_BIND(ks_lead, items),
     KS_BIND_COUNT(ks_lead, n_items)},
    {"BillingDetails", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Address,
     KS_BIND(ks_lead, billing)},
    {"DeliveryDetails", KS_T_OBJECT, .obj = &ks_schema_Address},
    {"DeliveryInformation", KS_T_OBJECT, .obj = &delivery_information},
    {"PaymentDetails", KS_T_OBJECT, .obj = &ks_schema_PaymentDetails},
    {"Promotions", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = 255},
    {"CreatedAt", KS_T_STRING, KS_F_OUTPUT, .doc = "Creation time, in the vendor's API time zone"},
    {"Used", KS_T_BOOL, KS_F_OUTPUT},
    {"UsedSuccess", KS_T_BOOL, KS_F_OUTPUT},
    {"FollowUpsStopped", KS_T_BOOL, KS_F_OUTPUT},
    {"FollowUps", KS_T_ARRAY, KS_F_OUTPUT, .obj = &ks_schema_LeadFollowUp},
    END,
};
const ks_schema ks_schema_Lead = {"Lead", sizeof(ks_lead), lead_fields,
                                  "An abandoned cart that the vendor, or Kassa by email, "
                                  "follows up."};

static const ks_field lead_search_fields[] = {
    {"LeadCode", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = KS_LEAD_CODE_MAX,
     KS_BIND(ks_lead_search_in, codes), KS_BIND_COUNT(ks_lead_search_in, n_codes)},
    {"Email", KS_T_STRING, .maxlen = 254, KS_BIND(ks_lead_search_in, email)},
    {"Type", KS_T_STRING, .enums = ks_lead_type_names, .err = KS_E_LEAD_TYPE_INVALID,
     KS_BIND(ks_lead_search_in, type)},
    {"StartDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_lead_search_in, start_date)},
    {"EndDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_lead_search_in, end_date)},
    {"ProductCode", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = 255,
     KS_BIND(ks_lead_search_in, product_codes),
     KS_BIND_COUNT(ks_lead_search_in, n_product_codes)},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE, KS_BIND(ks_lead_search_in, language)},
    {"Country", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(ks_lead_search_in, country)},
    {"GeneratedFrom", KS_T_STRING, .maxlen = 64, KS_BIND(ks_lead_search_in, generated_from)},
    KS_PAGE_FIELDS(ks_lead_search_in, page),
    END,
};
const ks_schema ks_schema_LeadSearchInput = {"LeadSearchInput", sizeof(ks_lead_search_in),
                                             lead_search_fields,
                                             "Filters of searchLeads; all optional. Page "
                                             "defaults to 1 and Limit to 10 (at most 200)."};

static const ks_field lead_search_result_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_Lead},
    {"Pagination", KS_T_OBJECT, .obj = &ks_schema_Pagination},
    END,
};
const ks_schema ks_schema_LeadSearchResult = {"LeadSearchResult", 0, lead_search_result_fields,
                                              NULL};

static const ks_field lead_mark_fields[] = {
    {"LeadCode", KS_T_STRING, KS_F_REQUIRED, .maxlen = KS_LEAD_CODE_MAX,
     KS_BIND(ks_lead_mark_in, code)},
    {"Used", KS_T_BOOL, KS_BIND(ks_lead_mark_in, used), KS_BIND_PRESENT(ks_lead_mark_in, set_used)},
    {"StopFollowups", KS_T_BOOL, KS_BIND(ks_lead_mark_in, stop),
     KS_BIND_PRESENT(ks_lead_mark_in, set_stop)},
    END,
};
const ks_schema ks_schema_LeadMark = {"LeadMark", sizeof(ks_lead_mark_in), lead_mark_fields,
                                      "Marks a lead used and/or stops its follow-ups."};

static const ks_field lead_add_result_fields[] = {
    {"LeadCode", KS_T_STRING},
    {"Errors", KS_T_ARRAY, .item = KS_T_STRING},
    END,
};
const ks_schema ks_schema_LeadAddResult = {"LeadAddResult", 0, lead_add_result_fields, NULL};

static const ks_field mark_leads_result_fields[] = {
    {"Response", KS_T_STRING},
    {"Errors", KS_T_ARRAY, .item = KS_T_STRING},
    END,
};
const ks_schema ks_schema_MarkLeadsResult = {"MarkLeadsResult", 0, mark_leads_result_fields,
                                             NULL};

/* --- sandbox control --------------------------------------------------------------------- */


/* A vendor's notification settings (docs/notifications.md), in VendorInput and VendorUpdate. */
#define NOTIFY_FIELDS                                                                              \
    {"IpnUrls", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = 2048,                                   \
     KS_BIND(ks_vendor_in, notify.ipn_urls), KS_BIND_COUNT(ks_vendor_in, notify.n_ipn_urls),      \
     KS_BIND_PRESENT(ks_vendor_in, notify.has_ipn_urls),                                           \
     .doc = "IPN listener URLs (http or https); [] for none"},                                     \
    {"LcnUrls", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = 2048,                                   \
     KS_BIND(ks_vendor_in, notify.lcn_urls), KS_BIND_COUNT(ks_vendor_in, notify.n_lcn_urls),      \
     KS_BIND_PRESENT(ks_vendor_in, notify.has_lcn_urls), .doc = "LCN listener URLs"},              \
    {"NotifySignatures", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = 32,                            \
     KS_BIND(ks_vendor_in, notify.signatures),                                                     \
     KS_BIND_COUNT(ks_vendor_in, notify.n_signatures),                                             \
     KS_BIND_PRESENT(ks_vendor_in, notify.has_signatures),                                         \
     .doc = "Which of md5 (HASH), sha256 (SIGNATURE_SHA2_256) and sha3-256 "                       \
            "(SIGNATURE_SHA3_256) to send; all three by default"},                                 \
    {"NotifyTestOrders", KS_T_BOOL, KS_BIND(ks_vendor_in, notify.test_orders),                     \
     KS_BIND_PRESENT(ks_vendor_in, notify.has_test_orders),                                        \
     .doc = "Whether test orders and subscriptions notify; true by default"},                      \
    {"IpnGroups", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = 32,                                   \
     KS_BIND(ks_vendor_in, notify.ipn_groups), KS_BIND_COUNT(ks_vendor_in, notify.n_ipn_groups),  \
     KS_BIND_PRESENT(ks_vendor_in, notify.has_ipn_groups),                                         \
     .doc = "The IPN's optional field groups: DELIVERY, LICENSE, PARTNER, CARD, FX; all by "       \
            "default"}

static const ks_field vendor_in_fields[] = {
    {"Code", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_vendor_in, code)},
    {"Secret", KS_T_STRING, KS_F_SECRET, .maxlen = 256, KS_BIND(ks_vendor_in, secret)},
    {"Model", KS_T_STRING, .enums = ks_model_names, KS_BIND(ks_vendor_in, model)},
    {"SecretWord", KS_T_STRING, KS_F_SECRET, .maxlen = 256, KS_BIND(ks_vendor_in, secret_word),
     .doc = "The buy-link secret word (ConvertPlus signatures); generated when absent"},
    {"SubscriptionDelaySeconds", KS_T_INT, .min = 0, .max = 86400,
     KS_BIND(ks_vendor_in, subscription_delay), KS_BIND_PRESENT(ks_vendor_in, has_subscription_delay),
     .doc = "How long after its order a subscription can be retrieved; the platform's 300 "
            "when absent, 0 for fast test suites"},
    NOTIFY_FIELDS,
    END,
};
const ks_schema ks_schema_VendorInput = {"VendorInput", sizeof(ks_vendor_in), vendor_in_fields,
                                         "A vendor to create; Secret and SecretWord are generated when absent "
                                         "and Model defaults to MOR."};

static const ks_field vendor_update_fields[] = {
    NOTIFY_FIELDS,
    END,
};
const ks_schema ks_schema_VendorUpdate = {"VendorUpdate", sizeof(ks_vendor_in),
                                          vendor_update_fields,
                                          "The settings of a vendor to change; the others stay."};

static const ks_field vendor_fields[] = {
    {"Code", KS_T_STRING},
    {"Secret", KS_T_STRING},
    {"SecretWord", KS_T_STRING},
    {"Model", KS_T_STRING},
    {"TimeZoneOffset", KS_T_INT},
    {"SubscriptionDelaySeconds", KS_T_INT},
    {"CreatedAt", KS_T_STRING},
    {"IpnUrls", KS_T_ARRAY, .item = KS_T_STRING},
    {"LcnUrls", KS_T_ARRAY, .item = KS_T_STRING},
    {"NotifySignatures", KS_T_ARRAY, .item = KS_T_STRING},
    {"NotifyTestOrders", KS_T_BOOL},
    {"IpnGroups", KS_T_ARRAY, .item = KS_T_STRING},
    END,
};
const ks_schema ks_schema_Vendor = {"Vendor", 0, vendor_fields, NULL};

static const ks_field clock_in_fields[] = {
    {"Days", KS_T_INT, .min = 0, .max = 36600, KS_BIND(ks_clock_in, days)},
    {"Hours", KS_T_INT, .min = 0, .max = 878400, KS_BIND(ks_clock_in, hours)},
    {"Minutes", KS_T_INT, .min = 0, .max = 52704000, KS_BIND(ks_clock_in, minutes)},
    {"Seconds", KS_T_INT, .min = 0, .max = 3162240000LL, KS_BIND(ks_clock_in, seconds)},
    END,
};
const ks_schema ks_schema_ClockAdvance = {"ClockAdvance", sizeof(ks_clock_in), clock_in_fields,
                                          "How far to move the sandbox clock forward."};

static const ks_field clock_fields[] = {
    {"Now", KS_T_STRING},
    {"OffsetSeconds", KS_T_INT},
    END,
};
const ks_schema ks_schema_Clock = {"Clock", 0, clock_fields, NULL};

static const ks_field mailbox_query_fields[] = {
    {"Vendor", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_mailbox_in, vendor),
     .doc = "The vendor's merchant code"},
    {"To", KS_T_STRING, .maxlen = 254, .fmt = KS_FMT_EMAIL, KS_BIND(ks_mailbox_in, to),
     .doc = "Only the mails to this address (any case)"},
    KS_PAGE_FIELDS(ks_mailbox_in, page),
    END,
};
const ks_schema ks_schema_MailboxQuery = {"MailboxQuery", sizeof(ks_mailbox_in),
                                          mailbox_query_fields,
                                          "Filters of the sandbox mailbox. Page defaults to 1 "
                                          "and Limit to 10 (at most 200)."};

static const char *const channels[] = {"IPN", "LCN", NULL};

static const ks_field notification_query_fields[] = {
    {"Vendor", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_notification_in, vendor),
     .doc = "The vendor's merchant code"},
    {"Channel", KS_T_STRING, .enums = channels, KS_BIND(ks_notification_in, channel)},
    {"Subject", KS_T_STRING, .maxlen = 64, KS_BIND(ks_notification_in, subject),
     .doc = "The order's RefNo or the subscription's reference"},
    {"State", KS_T_STRING, .enums = ks_notice_state_names, KS_BIND(ks_notification_in, state)},
    KS_PAGE_FIELDS(ks_notification_in, page),
    END,
};
const ks_schema ks_schema_NotificationQuery = {"NotificationQuery", sizeof(ks_notification_in),
                                               notification_query_fields,
                                               "Filters of the notifications (IPN, LCN), newest "
                                               "first. Page defaults to 1 and Limit to 10."};

static const ks_field notification_vendor_fields[] = {
    {"Vendor", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_notification_in, vendor),
     .doc = "The vendor's merchant code"},
    END,
};
const ks_schema ks_schema_NotificationVendor = {"NotificationVendor", sizeof(ks_notification_in),
                                                notification_vendor_fields, NULL};

static const ks_field notification_attempt_fields[] = {
    {"Attempt", KS_T_INT}, {"At", KS_T_STRING},     {"Outcome", KS_T_STRING},
    {"HttpStatus", KS_T_INT}, {"Answer", KS_T_STRING}, {"NextTry", KS_T_STRING},
    END,
};
static const ks_schema notification_attempt = {"NotificationAttempt", 0,
                                               notification_attempt_fields, NULL};

static const ks_field notification_fields[] = {
    {"Id", KS_T_INT},
    {"Channel", KS_T_STRING},
    {"MessageId", KS_T_STRING},
    {"Subject", KS_T_STRING},
    {"Event", KS_T_STRING},
    {"Url", KS_T_STRING},
    {"State", KS_T_STRING},
    {"Attempts", KS_T_INT},
    {"CreatedAt", KS_T_STRING},
    {"NextTry", KS_T_STRING},
    {"Body", KS_T_STRING},
    {"AttemptList", KS_T_ARRAY, .obj = &notification_attempt},
    END,
};
const ks_schema ks_schema_Notification = {"Notification", 0, notification_fields, NULL};

static const ks_field notification_list_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_Notification},
    {"Pagination", KS_T_OBJECT, .obj = &ks_schema_Pagination},
    END,
};
const ks_schema ks_schema_NotificationList = {"NotificationList", 0, notification_list_fields,
                                              NULL};

static const ks_field mail_fields[] = {
    {"Id", KS_T_INT},
    {"To", KS_T_STRING},
    {"Subject", KS_T_STRING},
    {"Body", KS_T_STRING},
    {"SentAt", KS_T_STRING, .doc = "Business time of sending, in the vendor's API time zone"},
    END,
};
const ks_schema ks_schema_Mail = {"Mail", 0, mail_fields,
                                  "A mail Kassa sent (kept in the sandbox mailbox)."};

static const ks_field mailbox_result_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_Mail},
    {"Pagination", KS_T_OBJECT, .obj = &ks_schema_Pagination},
    END,
};
const ks_schema ks_schema_MailboxResult = {"MailboxResult", 0, mailbox_result_fields,
                                           "One page of mails, newest first, and the total."};

static const ks_field jobs_query_fields[] = {
    {"Vendor", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_jobs_in, vendor),
     .doc = "The vendor's merchant code"},
    END,
};
const ks_schema ks_schema_JobsQuery = {"JobsQuery", sizeof(ks_jobs_in), jobs_query_fields,
                                       "Whose job queue to show."};

static const ks_field job_fields[] = {
    {"Id", KS_T_INT},
    {"Kind", KS_T_STRING, .doc = "subscription_renewal, lead_followup..."},
    {"Key", KS_T_STRING, .doc = "What the job is about (a subscription reference...)"},
    {"Due", KS_T_STRING, .doc = "Business time it is due, in the vendor's API time zone"},
    {"State", KS_T_STRING, .enums = ks_job_state_names},
    {"Attempts", KS_T_INT},
    {"LastError", KS_T_STRING, .doc = "Why its last run failed; null when none"},
    END,
};
const ks_schema ks_schema_Job = {"Job", 0, job_fields,
                                 "A job of the durable queue; one that gave up stays FAILED."};

static const ks_field jobs_result_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_Job},
    END,
};
const ks_schema ks_schema_JobsResult = {"JobsResult", 0, jobs_result_fields,
                                        "The vendor's open and failed jobs, by due time."};

/* --- catalog: tax categories, products, pricing option groups, exchange rates -------------- */

static const ks_field tax_category_fields[] = {
    {"UUID", KS_T_STRING, .doc = "The value of TaxCategory / ProductTaxCategoryUUID"},
    {"Code", KS_T_STRING},
    {"Name", KS_T_STRING},
    {"Description", KS_T_STRING},
    {"Default", KS_T_BOOL, .doc = "The category of products that name none"},
    END,
};
const ks_schema ks_schema_TaxCategory = {"TaxCategory", 0, tax_category_fields,
                                         "A tax category of the vendor; every vendor starts with "
                                         "the same default set."};

static const ks_field money_fields[] = {
    {"Currency", KS_T_STRING, KS_F_REQUIRED, .fmt = KS_FMT_CURRENCY, KS_BIND(ks_money, currency)},
    {"Amount", KS_T_DECIMAL, KS_F_REQUIRED, KS_BIND(ks_money, amount)},
    END,
};
const ks_schema ks_schema_Money = {"Money", sizeof(ks_money), money_fields,
                                   "An amount in a currency; no more decimals than the "
                                   "currency has (none for JPY)."};

static const ks_field product_price_fields[] = {
    {"Amount", KS_T_DECIMAL, KS_F_REQUIRED, KS_BIND(ks_price_tier, amount)},
    {"Currency", KS_T_STRING, KS_F_REQUIRED, .fmt = KS_FMT_CURRENCY,
     KS_BIND(ks_price_tier, currency)},
    {"MinQuantity", KS_T_INT, .min = 0, .max = 99999, KS_BIND(ks_price_tier, min_qty)},
    {"MaxQuantity", KS_T_INT, .min = 0, .max = 99999, KS_BIND(ks_price_tier, max_qty),
     .doc = "0 or absent: no upper bound"},
    END,
};
static const ks_schema product_price = {"ProductPrice", sizeof(ks_price_tier),
                                        product_price_fields,
                                        "A unit price in a currency for a range of quantities."};

static const ks_field product_prices_fields[] = {
    {"Regular", KS_T_ARRAY, .obj = &product_price, KS_BIND(ks_product_prices, regular),
     KS_BIND_COUNT(ks_product_prices, n_regular)},
    {"Renewal", KS_T_ARRAY, .obj = &product_price, KS_BIND(ks_product_prices, renewal),
     KS_BIND_COUNT(ks_product_prices, n_renewal)},
    END,
};
static const ks_schema product_prices = {"ProductPrices", sizeof(ks_product_prices),
                                         product_prices_fields, NULL};

static const ks_field option_ref_fields[] = {
    {"Code", KS_T_STRING, KS_F_REQUIRED, .maxlen = KS_CATALOG_CODE_MAX,
     KS_BIND(ks_option_ref, code)},
    {"Required", KS_T_BOOL, KS_BIND(ks_option_ref, required)},
    END,
};
static const ks_schema option_ref = {"PriceOptionGroupAssignment", sizeof(ks_option_ref),
                                     option_ref_fields,
                                     "A pricing option group used by a product."};

static const char *const price_types[] = {"NET", "GROSS", NULL};

static const ks_field pricing_config_fields[] = {
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_pricing_config, name)},
    {"Default", KS_T_BOOL},
    {"PriceType", KS_T_STRING, .enums = price_types, KS_BIND(ks_pricing_config, price_type),
     .doc = "NET (VAT added on top, the default) or GROSS (VAT included)"},
    {"DefaultCurrency", KS_T_STRING, .fmt = KS_FMT_CURRENCY,
     KS_BIND(ks_pricing_config, default_currency)},
    {"Prices", KS_T_OBJECT, .obj = &product_prices, KS_BIND(ks_pricing_config, prices)},
    {"PriceOptions", KS_T_ARRAY, .obj = &option_ref, KS_BIND(ks_pricing_config, options),
     KS_BIND_COUNT(ks_pricing_config, n_options)},
    END,
};
static const ks_schema pricing_config = {"PricingConfiguration", sizeof(ks_pricing_config),
                                         pricing_config_fields,
                                         "Prices per currency and the option groups of a "
                                         "product; Kassa keeps one per product."};

static const char *const period_units[] = {"D", "M", "Y", NULL};

static const ks_field contract_fields[] = {
    {"Period", KS_T_INT, KS_BIND(ks_contract_period, period)},
    {"PeriodUnits", KS_T_STRING, .enums = period_units, KS_BIND(ks_contract_period, units)},
    {"IsUnlimited", KS_T_BOOL, KS_BIND(ks_contract_period, is_unlimited)},
    {"Action", KS_T_STRING, .maxlen = 32, KS_BIND(ks_contract_period, action)},
    END,
};
static const ks_schema contract_period = {"ContractPeriod", sizeof(ks_contract_period),
                                          contract_fields, NULL};

static const ks_field subscription_info_fields[] = {
    {"BillingCycle", KS_T_INT, KS_BIND(ks_subscription_info, billing_cycle)},
    {"BillingCycleUnits", KS_T_STRING, .enums = period_units,
     KS_BIND(ks_subscription_info, billing_cycle_units), .doc = "D (days), M or Y"},
    {"IsOneTimeFee", KS_T_BOOL, KS_BIND(ks_subscription_info, is_one_time_fee)},
    {"Lifetime", KS_T_BOOL, KS_BIND(ks_subscription_info, lifetime),
     .doc = "The subscription never expires; needs IsOneTimeFee"},
    {"ContractPeriod", KS_T_OBJECT, .obj = &contract_period,
     KS_BIND(ks_subscription_info, contract)},
    {"TrialPeriod", KS_T_INT, KS_BIND(ks_subscription_info, trial_period),
     .doc = "Trial length in days, 0-365; 0: no trial"},
    {"TrialPrice", KS_T_DECIMAL, KS_BIND(ks_subscription_info, trial_price),
     KS_BIND_PRESENT(ks_subscription_info, has_trial_price),
     .doc = "Price of the trial, in the DefaultCurrency"},
    END,
};
static const ks_schema subscription_info = {"SubscriptionInformation",
                                            sizeof(ks_subscription_info),
                                            subscription_info_fields, NULL};

static const char *const product_types[] = {"REGULAR", "BUNDLE", NULL};

static const ks_field product_fields[] = {
    {"AvangateId", KS_T_INT, KS_F_OUTPUT},
    {"ProductCode", KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX, KS_BIND(ks_product, code)},
    {"ProductType", KS_T_STRING, .enums = product_types, KS_BIND(ks_product, type)},
    {"ProductName", KS_T_STRING, .maxlen = 255, KS_BIND(ks_product, name)},
    {"ProductVersion", KS_T_STRING, .maxlen = 64, KS_BIND(ks_product, version)},
    {"SKU", KS_T_STRING, .maxlen = 255, KS_BIND(ks_product, sku)},
    {"Tangible", KS_T_BOOL, KS_BIND(ks_product, tangible)},
    {"Enabled", KS_T_BOOL, KS_BIND(ks_product, enabled), KS_BIND_PRESENT(ks_product, has_enabled)},
    {"TaxCategory", KS_T_STRING, .maxlen = 64, KS_BIND(ks_product, tax_category),
     .doc = "UUID of one of the vendor's tax categories (getTaxCategories); absent: the "
            "default category"},
    {"ProductTaxCategoryUUID", KS_T_STRING, .maxlen = 64, KS_BIND(ks_product, tax_category_uuid),
     .doc = "Same as TaxCategory, under the name orders use"},
    {"GeneratesSubscription", KS_T_BOOL, KS_BIND(ks_product, generates_subscription),
     KS_BIND_PRESENT(ks_product, has_generates_subscription)},
    {"PricingConfigurations", KS_T_ARRAY, .obj = &pricing_config, KS_BIND(ks_product, pricing),
     KS_BIND_COUNT(ks_product, n_pricing)},
    {"SubscriptionInformation", KS_T_OBJECT, .obj = &subscription_info,
     KS_BIND(ks_product, subscription)},
    {"UpgradeProducts", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX,
     KS_BIND(ks_product, upgrades), KS_BIND_COUNT(ks_product, n_upgrades),
     .doc = "Codes of the subscription products a subscription of this one may upgrade to"},
    {"ProductGroupCode", KS_T_STRING, .maxlen = 255},
    {"ShortDescription", KS_T_STRING, .maxlen = 4096},
    {"LongDescription", KS_T_STRING, .maxlen = 65536},
    {"SystemRequirements", KS_T_STRING, .maxlen = 4096},
    {"ProductCategory", KS_T_STRING, .maxlen = 255},
    {"TrialUrl", KS_T_STRING, .maxlen = 2048},
    {"TrialDescription", KS_T_STRING, .maxlen = 4096},
    {"Platforms", KS_T_ANY},
    {"ProductImages", KS_T_ANY},
    {"Translations", KS_T_ANY},
    {"CreatedAt", KS_T_STRING, KS_F_OUTPUT},
    {"UpdatedAt", KS_T_STRING, KS_F_OUTPUT},
    END,
};
const ks_schema ks_schema_Product = {"Product", sizeof(ks_product), product_fields,
                                     "A catalog product: prices per currency (NET or GROSS), "
                                     "option groups, tax category, subscription terms and "
                                     "upgrade path."};

static const ks_field product_search_fields[] = {
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_product_search_in, name)},
    {"Codes", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX,
     KS_BIND(ks_product_search_in, codes), KS_BIND_COUNT(ks_product_search_in, n_codes)},
    {"Types", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .enums = product_types,
     KS_BIND(ks_product_search_in, types), KS_BIND_COUNT(ks_product_search_in, n_types)},
    {"Enabled", KS_T_BOOL, KS_BIND(ks_product_search_in, enabled),
     KS_BIND_PRESENT(ks_product_search_in, has_enabled)},
    KS_PAGE_FIELDS(ks_product_search_in, page),
    END,
};
const ks_schema ks_schema_ProductSearchInput = {"ProductSearchOptions",
                                                sizeof(ks_product_search_in),
                                                product_search_fields,
                                                "Filters of searchProducts, all optional: Name "
                                                "(part of it, any case), Codes, Types, Enabled; "
                                                "Page 1 and Limit 10 by default."};

static const ks_field product_search_result_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_Product},
    {"Pagination", KS_T_OBJECT, .obj = &ks_schema_Pagination},
    END,
};
const ks_schema ks_schema_ProductSearchResult = {"ProductSearchResult", 0,
                                                 product_search_result_fields, NULL};

static const char *const impact_on[] = {"BASE", NULL};
static const char *const impact_methods[] = {"FIXED", "PERCENT", NULL};
static const char *const impacts[] = {"ADD", "SUBTRACT", NULL};

static const ks_field price_impact_fields[] = {
    {"ImpactOn", KS_T_STRING, .enums = impact_on, KS_BIND(ks_price_impact, impact_on)},
    {"Method", KS_T_STRING, .enums = impact_methods, KS_BIND(ks_price_impact, method)},
    {"Percent", KS_T_DECIMAL, KS_BIND(ks_price_impact, percent),
     .doc = "PERCENT: of the product's base price, 0-100"},
    {"Amounts", KS_T_ARRAY, .obj = &ks_schema_Money, KS_BIND(ks_price_impact, amounts),
     KS_BIND_COUNT(ks_price_impact, n_amounts), .doc = "FIXED: per currency"},
    {"Impact", KS_T_STRING, .enums = impacts, KS_BIND(ks_price_impact, impact)},
    END,
};
static const ks_schema price_impact = {"PriceImpact", sizeof(ks_price_impact),
                                       price_impact_fields,
                                       "How an option changes the unit price: a FIXED amount "
                                       "per currency or a PERCENT of the base price, ADDed or "
                                       "SUBTRACTed."};

static const ks_field pricing_option_fields[] = {
    {"Code", KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX, KS_BIND(ks_price_option, code)},
    {"Value", KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX, KS_BIND(ks_price_option, value),
     .doc = "The option code, as requests of the platform name it"},
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_price_option, name)},
    {"Description", KS_T_STRING, .maxlen = 4096, KS_BIND(ks_price_option, description)},
    {"Default", KS_T_BOOL, KS_BIND(ks_price_option, is_default)},
    {"ScaleMin", KS_T_INT, .min = 0, .max = 1000000000, KS_BIND(ks_price_option, scale_min),
     KS_BIND_PRESENT(ks_price_option, has_scale_min)},
    {"ScaleMax", KS_T_INT, .min = 0, .max = 1000000000, KS_BIND(ks_price_option, scale_max),
     KS_BIND_PRESENT(ks_price_option, has_scale_max)},
    {"PriceImpact", KS_T_OBJECT, .obj = &price_impact, KS_BIND(ks_price_option, impact)},
    {"SubscriptionImpact", KS_T_ANY},
    {"Translations", KS_T_ANY},
    END,
};
static const ks_schema pricing_option = {"PricingOption", sizeof(ks_price_option),
                                         pricing_option_fields,
                                         "An option of a pricing option group; INTERVAL groups "
                                         "give each option a ScaleMin-ScaleMax range."};

static const char *const group_types[] = {"RADIO", "CHECKBOX", "INTERVAL", "COMBO", NULL};

static const ks_field price_options_group_fields[] = {
    {"Code", KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX, KS_BIND(ks_option_group, code)},
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_option_group, name)},
    {"Description", KS_T_STRING, .maxlen = 4096, KS_BIND(ks_option_group, description)},
    {"Type", KS_T_STRING, .enums = group_types, KS_BIND(ks_option_group, type),
     .doc = "RADIO (one option, the default), CHECKBOX (several), INTERVAL (a scale, chosen as "
            "Code=value), COMBO (one)"},
    {"Required", KS_T_BOOL, KS_BIND(ks_option_group, required),
     KS_BIND_PRESENT(ks_option_group, has_required)},
    {"Options", KS_T_ARRAY, .obj = &pricing_option, KS_BIND(ks_option_group, options),
     KS_BIND_COUNT(ks_option_group, n_options)},
    {"Translations", KS_T_ANY},
    END,
};
const ks_schema ks_schema_PriceOptionsGroup = {"PriceOptionsGroup", sizeof(ks_option_group),
                                               price_options_group_fields,
                                               "A pricing option group; products use it by "
                                               "Code in PricingConfigurations[].PriceOptions."};

static const ks_field group_search_fields[] = {
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_option_group_search_in, name)},
    {"Types", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .enums = group_types,
     KS_BIND(ks_option_group_search_in, types), KS_BIND_COUNT(ks_option_group_search_in, n_types)},
    KS_PAGE_FIELDS(ks_option_group_search_in, page),
    END,
};
const ks_schema ks_schema_PriceOptionGroupSearchInput = {
    "PriceOptionGroupSearch", sizeof(ks_option_group_search_in), group_search_fields,
    "Filters of searchPriceOptionGroups: Name (part of it), Types, Page, Limit."};

static const ks_field group_search_result_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_PriceOptionsGroup},
    {"Pagination", KS_T_OBJECT, .obj = &ks_schema_Pagination},
    END,
};
const ks_schema ks_schema_PriceOptionGroupSearchResult = {"PriceOptionGroupSearchResult", 0,
                                                          group_search_result_fields, NULL};

static const ks_field exchange_rate_fields[] = {
    {"Currency", KS_T_STRING, KS_F_REQUIRED, .fmt = KS_FMT_CURRENCY,
     KS_BIND(ks_fx_rate, currency)},
    {"Rate", KS_T_DECIMAL, KS_F_REQUIRED, KS_BIND(ks_fx_rate, rate),
     .doc = "Units of Currency for one unit of the base currency"},
    {"Source", KS_T_STRING, KS_F_OUTPUT, .doc = "DEFAULT (the shipped table) or VENDOR"},
    END,
};
static const ks_schema exchange_rate = {"ExchangeRate", sizeof(ks_fx_rate), exchange_rate_fields,
                                        NULL};

static const ks_field exchange_rates_fields[] = {
    {"BaseCurrency", KS_T_STRING, .fmt = KS_FMT_CURRENCY,
     KS_BIND(ks_exchange_in, base_currency)},
    {"ExchangeRates", KS_T_ARRAY, .obj = &exchange_rate, KS_BIND(ks_exchange_in, rates),
     KS_BIND_COUNT(ks_exchange_in, n_rates), KS_BIND_PRESENT(ks_exchange_in, has_rates)},
    END,
};
const ks_schema ks_schema_ExchangeRates = {"ExchangeRateSettings", sizeof(ks_exchange_in),
                                           exchange_rates_fields,
                                           "The vendor's base currency and exchange rates. On "
                                           "update, ExchangeRates replaces the vendor's own "
                                           "rates (an empty list restores the defaults)."};

/* --- promotions and cross-sell campaigns --------------------------------------------------- */

static const char *const coupon_types[] = {"SINGLE", "MULTIPLE", NULL};

static const ks_field coupon_fields[] = {
    {"Type", KS_T_STRING, .enums = coupon_types, KS_BIND(ks_coupon, type)},
    {"Code", KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX, KS_BIND(ks_coupon, code)},
    {"Codes", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX,
     KS_BIND(ks_coupon, codes), KS_BIND_COUNT(ks_coupon, n_codes)},
    END,
};
static const ks_schema coupon = {"PromotionCoupon", sizeof(ks_coupon), coupon_fields,
                                 "SINGLE: one Code; MULTIPLE: a list of Codes."};

static const char *const discount_types[] = {"PERCENT", "FIXED", NULL};

static const ks_field discount_fields[] = {
    {"Type", KS_T_STRING, .enums = discount_types, KS_BIND(ks_discount, type)},
    {"Value", KS_T_DECIMAL, KS_BIND(ks_discount, value), KS_BIND_PRESENT(ks_discount, has_value),
     .doc = "PERCENT: 0-100"},
    {"Values", KS_T_ARRAY, .obj = &ks_schema_Money, KS_BIND(ks_discount, values),
     KS_BIND_COUNT(ks_discount, n_values), .doc = "FIXED: the amount off each unit, per currency"},
    {"DefaultCurrency", KS_T_STRING, .fmt = KS_FMT_CURRENCY,
     KS_BIND(ks_discount, default_currency)},
    END,
};
static const ks_schema discount = {"PromotionDiscount", sizeof(ks_discount), discount_fields,
                                   NULL};

static const ks_field promotion_product_fields[] = {
    {"Code", KS_T_STRING, KS_F_REQUIRED, .maxlen = KS_CATALOG_CODE_MAX,
     KS_BIND(ks_promotion_product, code)},
    {"PricingConfigurationCode", KS_T_STRING, .maxlen = 255},
    {"PricingOptionCodes", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = 255},
    END,
};
static const ks_schema promotion_product = {"PromotionProduct", sizeof(ks_promotion_product),
                                            promotion_product_fields, NULL};

static const char *const promotion_types[] = {"REGULAR", "GLOBAL", "SPECIAL_PRICE", NULL};
static const char *const channel_types[] = {"ECOMMERCE", "CHANNEL_MANAGER", "ALL", NULL};

static const ks_field promotion_fields[] = {
    {"Code", KS_T_STRING, .maxlen = 64, KS_BIND(ks_promotion, code),
     .doc = "Generated when absent"},
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_promotion, name)},
    {"Description", KS_T_STRING, .maxlen = 4096, KS_BIND(ks_promotion, description)},
    {"Type", KS_T_STRING, .enums = promotion_types, KS_BIND(ks_promotion, type),
     .doc = "REGULAR: a coupon promotion, the only kind Kassa applies"},
    {"ChannelType", KS_T_STRING, .enums = channel_types, KS_BIND(ks_promotion, channel_type)},
    {"Enabled", KS_T_BOOL, KS_BIND(ks_promotion, enabled),
     KS_BIND_PRESENT(ks_promotion, has_enabled)},
    {"StartDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_promotion, start_date)},
    {"EndDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_promotion, end_date)},
    {"MaximumOrdersNumber", KS_T_INT, .min = 0, .max = 1000000000,
     KS_BIND(ks_promotion, max_orders), .doc = "0 or absent: unlimited"},
    {"MaximumQuantity", KS_T_INT},
    {"InstantDiscount", KS_T_BOOL},
    {"Coupon", KS_T_OBJECT, .obj = &coupon, KS_BIND(ks_promotion, coupon)},
    {"Discount", KS_T_OBJECT, .obj = &discount, KS_BIND(ks_promotion, discount)},
    {"Products", KS_T_ARRAY, .obj = &promotion_product, KS_BIND(ks_promotion, products),
     KS_BIND_COUNT(ks_promotion, n_products), .doc = "Empty: every product"},
    {"Translations", KS_T_ANY},
    {"ApplyRecurring", KS_T_STRING, .maxlen = 32},
    {"RecurringChargesNumber", KS_T_INT},
    {"UsedOrdersNumber", KS_T_INT, KS_F_OUTPUT, .doc = "Orders that used the promotion"},
    END,
};
const ks_schema ks_schema_Promotion = {"Promotion", sizeof(ks_promotion), promotion_fields,
                                       "A coupon promotion: a PERCENT or FIXED discount on some "
                                       "or all products, between two dates, for a number of "
                                       "orders."};

static const ks_field promotion_search_fields[] = {
    {"ProductCode", KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX,
     KS_BIND(ks_promotion_search_in, product_code)},
    {"Coupons", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = 4096,
     KS_BIND(ks_promotion_search_in, coupons), KS_BIND_COUNT(ks_promotion_search_in, n_coupons),
     .doc = "Coupon codes, as a list or comma-separated"},
    {"Enabled", KS_T_BOOL, KS_BIND(ks_promotion_search_in, enabled),
     KS_BIND_PRESENT(ks_promotion_search_in, has_enabled)},
    KS_PAGE_FIELDS(ks_promotion_search_in, page),
    END,
};
const ks_schema ks_schema_PromotionSearchInput = {"PromotionSearchOptions",
                                                  sizeof(ks_promotion_search_in),
                                                  promotion_search_fields, NULL};

static const ks_field promotion_search_result_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_Promotion},
    {"Pagination", KS_T_OBJECT, .obj = &ks_schema_Pagination},
    END,
};
const ks_schema ks_schema_PromotionSearchResult = {"PromotionSearchResult", 0,
                                                   promotion_search_result_fields, NULL};

static const char *const xs_discount_types[] = {"PERCENT", NULL};

static const ks_field crosssell_product_fields[] = {
    {"ProductCode", KS_T_STRING, KS_F_REQUIRED, .maxlen = KS_CATALOG_CODE_MAX,
     KS_BIND(ks_crosssell_product, product_code)},
    {"Discount", KS_T_DECIMAL, KS_BIND(ks_crosssell_product, discount),
     .doc = "Percent off the recommended product"},
    {"DiscountType", KS_T_STRING, .enums = xs_discount_types,
     KS_BIND(ks_crosssell_product, discount_type)},
    {"Type", KS_T_STRING, .maxlen = 32},
    {"AutoAdded", KS_T_BOOL},
    END,
};
static const ks_schema crosssell_product = {"CrossSellProduct", sizeof(ks_crosssell_product),
                                            crosssell_product_fields, NULL};

static const char *const campaign_statuses[] = {"ACTIVE", "INACTIVE", NULL};
static const char *const display_types[] = {"cart", "review", "finish", NULL};
static const char *const owner_types[] = {"MERCH", "AFF", NULL};

static const ks_field crosssell_fields[] = {
    {"CampaignCode", KS_T_STRING, .maxlen = 64, KS_BIND(ks_crosssell, code),
     .doc = "Generated by Kassa"},
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_crosssell, name)},
    {"CampaignStatus", KS_T_STRING, .enums = campaign_statuses, KS_BIND(ks_crosssell, status)},
    {"DisplayType", KS_T_STRING, .enums = display_types, KS_BIND(ks_crosssell, display_type)},
    {"DisplayInEmail", KS_T_BOOL, KS_BIND(ks_crosssell, display_in_email)},
    {"CampaignOwnerType", KS_T_STRING, .enums = owner_types, KS_BIND(ks_crosssell, owner_type)},
    {"MasterProducts", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX,
     KS_BIND(ks_crosssell, masters), KS_BIND_COUNT(ks_crosssell, n_masters),
     .doc = "Codes of the products that trigger the recommendation"},
    {"Products", KS_T_ARRAY, .obj = &crosssell_product, KS_BIND(ks_crosssell, products),
     KS_BIND_COUNT(ks_crosssell, n_products)},
    {"StartDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_crosssell, start_date)},
    {"EndDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_crosssell, end_date)},
    END,
};
const ks_schema ks_schema_CrossSellCampaign = {"CrossSellCampaign", sizeof(ks_crosssell),
                                               crosssell_fields,
                                               "A cross-sell campaign: master products, and the "
                                               "recommended products with their discount."};

static const ks_field crosssell_search_fields[] = {
    {"CampaignName", KS_T_STRING, .maxlen = 255, KS_BIND(ks_crosssell_search_in, name)},
    {"Status", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .enums = campaign_statuses,
     KS_BIND(ks_crosssell_search_in, statuses), KS_BIND_COUNT(ks_crosssell_search_in, n_statuses)},
    {"Type", KS_T_STRING, .enums = owner_types, KS_BIND(ks_crosssell_search_in, type)},
    {"Products", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING,
     .maxlen = KS_CATALOG_CODE_MAX, KS_BIND(ks_crosssell_search_in, products),
     KS_BIND_COUNT(ks_crosssell_search_in, n_products)},
    {"RecommendedProducts", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING,
     .maxlen = KS_CATALOG_CODE_MAX, KS_BIND(ks_crosssell_search_in, recommended),
     KS_BIND_COUNT(ks_crosssell_search_in, n_recommended)},
    {"StartDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_crosssell_search_in, start_date)},
    {"EndDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_crosssell_search_in, end_date)},
    KS_PAGE_FIELDS(ks_crosssell_search_in, page),
    END,
};
const ks_schema ks_schema_CrossSellSearchInput = {"CrossSellSearchOptions",
                                                  sizeof(ks_crosssell_search_in),
                                                  crosssell_search_fields,
                                                  "Filters of searchCrossSellCampaigns (REST GET "
                                                  "/crosssells/): all optional."};

static const ks_field crosssell_search_result_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_CrossSellCampaign},
    {"Pagination", KS_T_OBJECT, .obj = &ks_schema_Pagination},
    END,
};
const ks_schema ks_schema_CrossSellSearchResult = {"CrossSellSearchResult", 0,
                                                   crosssell_search_result_fields, NULL};

/* --- cart contents (getContents, PUT /orders/0/) -------------------------------------------- */

static const ks_field cart_option_value_fields[] = {
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_cart_option_value_in, name)},
    {"Value", KS_T_STRING, .maxlen = 255, KS_BIND(ks_cart_option_value_in, value)},
    {"Surcharge", KS_T_DECIMAL, KS_BIND(ks_cart_option_value_in, surcharge)},
    END,
};
static const ks_schema cart_option_value = {"CartPriceOption", sizeof(ks_cart_option_value_in),
                                            cart_option_value_fields, NULL};

static const ks_field cart_option_group_fields[] = {
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_cart_option_group_in, name)},
    {"Required", KS_T_BOOL},
    {"Options", KS_T_ARRAY, .obj = &cart_option_value, KS_BIND(ks_cart_option_group_in, options),
     KS_BIND_COUNT(ks_cart_option_group_in, n_options)},
    END,
};
const ks_schema ks_schema_CartPriceOptionGroup = {
    "CartPriceOptionGroup", sizeof(ks_cart_option_group_in), cart_option_group_fields,
    "A price option group of a cart item. Catalog items may instead give option codes as "
    "strings: \"OPTION\", \"GROUP=OPTION\" or \"GROUP=value\" for a scale."};

static const ks_field cart_cross_sell_fields[] = {
    {"ParentCode", KS_T_STRING, .maxlen = 255, KS_BIND(ks_cart_cross_sell, parent_code)},
    {"CampaignCode", KS_T_STRING, .maxlen = 255, KS_BIND(ks_cart_cross_sell, campaign_code)},
    END,
};
static const ks_schema cart_cross_sell = {"CartCrossSell", sizeof(ks_cart_cross_sell),
                                          cart_cross_sell_fields,
                                          "The cross-sell campaign of an item and the product "
                                          "that triggered it."};

static const ks_field cart_price_fields[] = {
    {"Amount", KS_T_DECIMAL, .err = KS_E_ORDER_PRODUCT_PRICE_AMOUNT_INVALID,
     KS_BIND(ks_cart_price, amount), KS_BIND_PRESENT(ks_cart_price, has_amount)},
    {"Type", KS_T_STRING, .maxlen = 32, KS_BIND(ks_cart_price, type)},
    {"PriceType", KS_T_STRING, .enums = price_types, .err = KS_E_ORDER_PRODUCT_PRICE_TYPE_INVALID,
     KS_BIND(ks_cart_price, price_type)},
    {"ProductTaxCategoryUUID", KS_T_STRING, .maxlen = 64, KS_BIND(ks_cart_price, tax_category)},
    END,
};
static const ks_schema cart_price = {"CartItemPrice", sizeof(ks_cart_price), cart_price_fields,
                                     "The price of a dynamic item: Amount in the order "
                                     "currency, Type CUSTOM."};

static const ks_field cart_item_fields[] = {
    {"Code", KS_T_STRING, .maxlen = 255, KS_BIND(ks_cart_item, code)},
    {"Quantity", KS_T_INT, KS_F_NOT_NULL, .err = KS_E_ORDER_ITEMS_QUANTITY_INVALID,
     KS_BIND(ks_cart_item, quantity), KS_BIND_PRESENT(ks_cart_item, has_quantity)},
    {"IsDynamic", KS_T_BOOL, KS_BIND(ks_cart_item, is_dynamic),
     KS_BIND_PRESENT(ks_cart_item, has_is_dynamic)},
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_cart_item, name)},
    {"Description", KS_T_STRING, .maxlen = 4096},
    {"Tangible", KS_T_BOOL, KS_BIND(ks_cart_item, tangible),
     KS_BIND_PRESENT(ks_cart_item, has_tangible)},
    {"PurchaseType", KS_T_STRING, .maxlen = 32, KS_BIND(ks_cart_item, purchase_type),
     .doc = "PRODUCT, TAX, SHIPPING or COUPON"},
    {"Price", KS_T_OBJECT, .obj = &cart_price, KS_BIND(ks_cart_item, price)},
    {"PriceType", KS_T_STRING, .enums = price_types, .err = KS_E_ORDER_PRODUCT_PRICE_TYPE_INVALID,
     KS_BIND(ks_cart_item, price_type), .doc = "Dynamic items: NET or GROSS (the default)"},
    {"ProductTaxCategoryUUID", KS_T_STRING, .maxlen = 64, KS_BIND(ks_cart_item, tax_category)},
    {"PriceOptions", KS_T_ARRAY, .item = KS_T_ANY,
     .doc = "Option codes (strings) or CartPriceOptionGroup objects"},
    {"CrossSell", KS_T_OBJECT, .obj = &cart_cross_sell, KS_BIND(ks_cart_item, cross_sell)},
    {"SKU", KS_T_STRING, .maxlen = 255},
    {"ExternalReference", KS_T_STRING, .maxlen = 255, KS_BIND(ks_cart_item, external_reference)},
    {"ProductExternalReference", KS_T_STRING, .maxlen = 255,
     KS_BIND(ks_cart_item, product_external_reference)},
    {"RecurringOptions", KS_T_OBJECT, .obj = &recurring_options,
     KS_BIND(ks_cart_item, recurring)},
    {"Trial", KS_T_OBJECT, .obj = &trial, KS_BIND(ks_cart_item, trial)},
    {"AdditionalFields", KS_T_ANY},
    {"SubscriptionStartDate", KS_T_STRING, .maxlen = 32,
     KS_BIND(ks_cart_item, subscription_start),
     .doc = "YYYY-MM-DD HH:mm:ss or YYYY-MM-DD (then 00:00:01), in the vendor's time zone"},
    END,
};
static const ks_schema cart_item = {"CartItem", sizeof(ks_cart_item), cart_item_fields,
                                    "An order item: a catalog product by Code, or a dynamic "
                                    "product (IsDynamic, Name, Price)."};

/* The Order as clients send it, to placeOrder and to getContents alike. Lengths the rules of
 * placeOrder limit (ExternalReference, Source) are checked by the domain, with their codes. */
static const ks_field order_fields[] = {
    {"Currency", KS_T_STRING, .fmt = KS_FMT_CURRENCY, KS_BIND(ks_order_in, cart.currency),
     .doc = "Absent: the payment's currency, else the vendor's base currency"},
    {"Country", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(ks_order_in, cart.country)},
    {"RefNo", KS_T_STRING, .maxlen = 64, KS_BIND(ks_order_in, ref_no),
     .doc = "placeOrder: the order whose failed payment is retried with these PaymentDetails"},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE, KS_BIND(ks_order_in, language)},
    {"ExternalReference", KS_T_STRING, .maxlen = 4096, KS_BIND(ks_order_in, external_reference),
     .doc = "At most 100 characters"},
    {"Source", KS_T_STRING, .maxlen = 4096, KS_BIND(ks_order_in, source),
     .doc = "At most 255 characters"},
    {"CustomerIP", KS_T_STRING, .maxlen = 64, KS_BIND(ks_order_in, customer_ip)},
    {"CustomerReference", KS_T_INT, KS_BIND(ks_order_in, customer_reference),
     KS_BIND_PRESENT(ks_order_in, has_customer_reference),
     .doc = "The vendor's own id for the customer (an Integer, as the seed says): orders with "
            "the same one share a customer"},
    {"MachineId", KS_T_STRING, KS_F_INT_AS_TEXT, .maxlen = 255,
     KS_BIND(ks_order_in, machine_id)},
    {"LocalTime", KS_T_STRING, .maxlen = 64, KS_BIND(ks_order_in, local_time),
     .doc = "Y-m-d H:i:s; missing or malformed raises the fraud score"},
    {"WSOrder", KS_T_STRING, .maxlen = 2048, KS_BIND(ks_order_in, ws_order),
     .doc = "The website shown in the shopper's emails"},
    {"Items", KS_T_ARRAY, .obj = &cart_item, KS_BIND(ks_order_in, cart.items),
     KS_BIND_COUNT(ks_order_in, cart.n_items)},
    {"BillingDetails", KS_T_OBJECT, .obj = &ks_schema_Address,
     KS_BIND(ks_order_in, cart.billing)},
    {"DeliveryDetails", KS_T_OBJECT, .obj = &ks_schema_Address, KS_BIND(ks_order_in, delivery),
     .doc = "Absent: the billing details"},
    {"DeliveryInformation", KS_T_OBJECT, .obj = &delivery_information},
    {"PaymentDetails", KS_T_OBJECT, .obj = &ks_schema_PaymentDetails,
     KS_BIND(ks_order_in, payment)},
    {"Promotions", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX,
     KS_BIND(ks_order_in, cart.promotions), KS_BIND_COUNT(ks_order_in, cart.n_promotions),
     .doc = "Coupon codes"},
    {"AdditionalFields", KS_T_ANY},
    {"CustomParameters", KS_T_ANY},
    {"Affiliate", KS_T_ANY},
    END,
};
const ks_schema ks_schema_Order = {"Order", sizeof(ks_order_in), order_fields,
                                   "An order: Items (catalog or dynamic), BillingDetails, "
                                   "DeliveryDetails, PaymentDetails, Currency, Promotions. "
                                   "getContents prices it; placeOrder places it."};

static const ks_field item_price_details_fields[] = {
    {"UnitNetPrice", KS_T_DECIMAL},
    {"UnitGrossPrice", KS_T_DECIMAL},
    {"UnitVAT", KS_T_DECIMAL, .doc = "VAT of one unit after its discount"},
    {"UnitDiscount", KS_T_DECIMAL, .doc = "Net discount of one unit"},
    {"UnitNetDiscountedPrice", KS_T_DECIMAL},
    {"UnitGrossDiscountedPrice", KS_T_DECIMAL},
    {"UnitAffiliateCommission", KS_T_DECIMAL},
    {"ItemUnitNetPrice", KS_T_DECIMAL, .doc = "The product's own unit price, before options"},
    {"ItemUnitGrossPrice", KS_T_DECIMAL},
    {"ItemNetPrice", KS_T_DECIMAL},
    {"ItemGrossPrice", KS_T_DECIMAL},
    {"VATPercent", KS_T_DECIMAL},
    {"HandlingFeeNetPrice", KS_T_DECIMAL},
    {"HandlingFeeGrossPrice", KS_T_DECIMAL},
    {"Currency", KS_T_STRING},
    {"NetPrice", KS_T_DECIMAL},
    {"GrossPrice", KS_T_DECIMAL},
    {"NetDiscountedPrice", KS_T_DECIMAL},
    {"GrossDiscountedPrice", KS_T_DECIMAL},
    {"Discount", KS_T_DECIMAL},
    {"VAT", KS_T_DECIMAL},
    {"AffiliateCommission", KS_T_DECIMAL},
    END,
};
static const ks_schema item_price_details = {"OrderItemPrice", 0, item_price_details_fields,
                                             "The price of an order line: Unit* for one unit, "
                                             "the others for the whole line."};

static const ks_field contents_product_fields[] = {
    {"Name", KS_T_STRING},
    {"ShortDescription", KS_T_STRING},
    {"Tangible", KS_T_BOOL},
    {"IsDynamic", KS_T_BOOL},
    {"ExtraInfo", KS_T_STRING},
    {"RenewalStatus", KS_T_BOOL},
    END,
};
static const ks_schema contents_product = {"OrderItemProductDetails", 0, contents_product_fields,
                                           NULL};

static const ks_field contents_item_fields[] = {
    {"Code", KS_T_STRING},
    {"Quantity", KS_T_INT},
    {"SKU", KS_T_STRING},
    {"PurchaseType", KS_T_STRING},
    {"IsDynamic", KS_T_BOOL},
    {"ProductDetails", KS_T_OBJECT, .obj = &contents_product},
    {"PriceOptions", KS_T_ARRAY, .item = KS_T_ANY},
    {"CrossSell", KS_T_OBJECT, .obj = &cart_cross_sell},
    {"Price", KS_T_OBJECT, .obj = &item_price_details},
    {"ExternalReference", KS_T_STRING},
    /* the rest of the item as sent */
    {"Name", KS_T_STRING},
    {"Description", KS_T_STRING},
    {"Tangible", KS_T_BOOL},
    {"PriceType", KS_T_STRING},
    {"ProductTaxCategoryUUID", KS_T_STRING},
    {"ProductExternalReference", KS_T_STRING},
    {"RecurringOptions", KS_T_OBJECT, .obj = &recurring_options},
    {"Trial", KS_T_OBJECT, .obj = &trial},
    {"AdditionalFields", KS_T_ANY},
    {"SubscriptionStartDate", KS_T_STRING},
    END,
};
static const ks_schema contents_item = {"OrderContentsItem", 0, contents_item_fields, NULL};

static const ks_field contents_fields[] = {
    {"Currency", KS_T_STRING},
    {"Country", KS_T_STRING},
    {"Language", KS_T_STRING},
    {"ExternalReference", KS_T_STRING},
    {"Items", KS_T_ARRAY, .obj = &contents_item},
    {"BillingDetails", KS_T_OBJECT, .obj = &ks_schema_Address},
    {"DeliveryDetails", KS_T_OBJECT, .obj = &ks_schema_Address},
    {"Promotions", KS_T_ARRAY, .item = KS_T_STRING},
    {"NetPrice", KS_T_DECIMAL},
    {"GrossPrice", KS_T_DECIMAL},
    {"NetDiscountedPrice", KS_T_DECIMAL},
    {"GrossDiscountedPrice", KS_T_DECIMAL},
    {"Discount", KS_T_DECIMAL},
    {"VAT", KS_T_DECIMAL},
    {"Errors", KS_T_ANY},
    /* the rest of the order as sent */
    {"Source", KS_T_STRING},
    {"CustomerIP", KS_T_STRING},
    {"CustomerReference", KS_T_INT},
    {"MachineId", KS_T_STRING},
    {"LocalTime", KS_T_STRING},
    {"WSOrder", KS_T_STRING},
    {"DeliveryInformation", KS_T_OBJECT, .obj = &delivery_information},
    {"AdditionalFields", KS_T_ANY},
    {"CustomParameters", KS_T_ANY},
    {"Affiliate", KS_T_ANY},
    END,
};
const ks_schema ks_schema_OrderContents = {"OrderContents", 0, contents_fields,
                                           "The priced cart: every line's Price and the totals. "
                                           "Nothing is stored."};

/* --- orders, customers, subscriptions ----------------------------------------------------- */


static const ks_field order_item_subscription_fields[] = {
    {"SubscriptionReference", KS_T_STRING},
    {"PurchaseDate", KS_T_STRING},
    {"SubscriptionStartDate", KS_T_STRING},
    {"ExpirationDate", KS_T_STRING},
    {"Lifetime", KS_T_BOOL},
    {"Trial", KS_T_BOOL},
    {"LicenseCode", KS_T_STRING},
    {"PartnerCode", KS_T_STRING},
    END,
};
static const ks_schema order_item_subscription = {"OrderItemSubscription", 0,
                                                  order_item_subscription_fields,
                                                  "A subscription an order item created."};

static const ks_field item_delivery_fields[] = {
    {"Delivery", KS_T_STRING},
    {"DownloadFile", KS_T_STRING},
    {"DeliveryDescription", KS_T_STRING},
    {"CodesDescription", KS_T_STRING},
    {"Codes", KS_T_ARRAY, .item = KS_T_ANY},
    END,
};
static const ks_schema item_delivery = {"OrderItemDeliveryInformation", 0, item_delivery_fields,
                                        NULL};

static const ks_field order_product_fields[] = {
    {"Name", KS_T_STRING},
    {"ShortDescription", KS_T_STRING},
    {"Tangible", KS_T_BOOL},
    {"IsDynamic", KS_T_BOOL},
    {"ExtraInfo", KS_T_STRING},
    {"RenewalStatus", KS_T_BOOL},
    {"Subscriptions", KS_T_ARRAY, .obj = &order_item_subscription},
    {"DeliveryInformation", KS_T_OBJECT, .obj = &item_delivery},
    END,
};
static const ks_schema order_product = {"OrderItemProduct", 0, order_product_fields, NULL};

static const ks_field order_item_fields[] = {
    {"Code", KS_T_STRING},
    {"Quantity", KS_T_INT},
    {"SKU", KS_T_STRING},
    {"PurchaseType", KS_T_STRING},
    {"IsDynamic", KS_T_BOOL},
    {"Tangible", KS_T_BOOL},
    {"Name", KS_T_STRING},
    {"Description", KS_T_STRING},
    {"ExternalReference", KS_T_STRING},
    {"ProductExternalReference", KS_T_STRING},
    {"ProductTaxCategoryUUID", KS_T_STRING},
    {"PriceType", KS_T_STRING},
    {"LineItemReference", KS_T_STRING, .doc = "40 hexadecimal characters"},
    {"ProductDetails", KS_T_OBJECT, .obj = &order_product},
    {"PriceOptions", KS_T_ARRAY, .item = KS_T_ANY},
    {"Price", KS_T_OBJECT, .obj = &item_price_details},
    {"CrossSell", KS_T_OBJECT, .obj = &cart_cross_sell},
    {"Trial", KS_T_OBJECT, .obj = &trial},
    {"AdditionalFields", KS_T_ANY},
    {"Promotion", KS_T_ANY},
    {"RecurringOptions", KS_T_OBJECT, .obj = &recurring_options},
    {"SubscriptionStartDate", KS_T_STRING},
    {"SubscriptionCustomSettings", KS_T_ANY},
    {"UpSell", KS_T_ANY},
    END,
};
static const ks_schema order_item = {"OrderItem", 0, order_item_fields, NULL};

static const ks_field order_event_fields[] = {
    {"Status", KS_T_STRING},
    {"ApproveStatus", KS_T_STRING},
    {"Date", KS_T_STRING},
    END,
};
static const ks_schema order_event = {"OrderStatusChange", 0, order_event_fields,
                                      "One step of an order's status history."};

static const ks_field order_refund_fields[] = {
    {"Amount", KS_T_DECIMAL},
    {"Currency", KS_T_STRING},
    {"Reason", KS_T_STRING},
    {"Comment", KS_T_STRING},
    {"Date", KS_T_STRING},
    END,
};
static const ks_schema order_refund = {"OrderRefund", 0, order_refund_fields, NULL};

static const ks_field order_information_fields[] = {
    {"RefNo", KS_T_STRING, .doc = "9 digits"},
    {"OrderNo", KS_T_INT},
    {"ExternalReference", KS_T_STRING},
    {"ShopperRefNo", KS_T_STRING},
    {"Status", KS_T_STRING, .enums = ks_order_status_names},
    {"ApproveStatus", KS_T_STRING, .enums = ks_approve_status_names},
    {"VendorApproveStatus", KS_T_STRING},
    {"MerchantCode", KS_T_STRING},
    {"Language", KS_T_STRING},
    {"OrderDate", KS_T_STRING},
    {"FinishDate", KS_T_STRING},
    {"Source", KS_T_STRING},
    {"WSOrder", KS_T_STRING},
    {"Affiliate", KS_T_ANY},
    {"HasShipping", KS_T_BOOL},
    {"BillingDetails", KS_T_OBJECT, .obj = &ks_schema_Address},
    {"DeliveryDetails", KS_T_OBJECT, .obj = &ks_schema_Address},
    {"PaymentDetails", KS_T_OBJECT, .obj = &ks_schema_PaymentDetails},
    {"DeliveryInformation", KS_T_OBJECT, .obj = &delivery_information},
    {"CustomerDetails", KS_T_ANY},
    {"Origin", KS_T_STRING},
    {"AvangateCommission", KS_T_DECIMAL},
    {"OrderFlow", KS_T_STRING},
    {"GiftDetails", KS_T_ANY},
    {"PODetails", KS_T_ANY},
    {"ExtraInformation", KS_T_ANY},
    {"PartnerCode", KS_T_STRING},
    {"PartnerMargin", KS_T_DECIMAL},
    {"PartnerMarginPercent", KS_T_DECIMAL},
    {"ExtraMargin", KS_T_DECIMAL},
    {"ExtraMarginPercent", KS_T_DECIMAL},
    {"ExtraDiscount", KS_T_DECIMAL},
    {"ExtraDiscountPercent", KS_T_DECIMAL},
    {"LocalTime", KS_T_STRING},
    {"TestOrder", KS_T_BOOL},
    {"FxRate", KS_T_DECIMAL},
    {"FxMarkup", KS_T_DECIMAL},
    {"PayoutCurrency", KS_T_STRING},
    {"DeliveryFinalized", KS_T_BOOL},
    {"Errors", KS_T_ANY, .doc = "null, or a map of error code to message (a refused payment)"},
    {"Items", KS_T_ARRAY, .obj = &order_item},
    {"Promotions", KS_T_ARRAY, .item = KS_T_STRING},
    {"AdditionalFields", KS_T_ANY},
    {"Currency", KS_T_STRING},
    {"NetPrice", KS_T_DECIMAL},
    {"GrossPrice", KS_T_DECIMAL},
    {"NetDiscountedPrice", KS_T_DECIMAL},
    {"GrossDiscountedPrice", KS_T_DECIMAL},
    {"Discount", KS_T_DECIMAL},
    {"VAT", KS_T_DECIMAL},
    {"AffiliateCommission", KS_T_DECIMAL},
    {"CustomParameters", KS_T_ANY},
    {"Refunds", KS_T_ARRAY, .obj = &order_refund},
    {"ChargebackResolution", KS_T_STRING},
    {"ChargebackReasonCode", KS_T_STRING},
    {"CustomerReference", KS_T_INT, .doc = "The vendor's id of the customer, as sent"},
    {"ExternalCustomerReference", KS_T_STRING},
    {"AvangateCustomerReference", KS_T_INT},
    {"MachineId", KS_T_STRING},
    {"CustomerIP", KS_T_STRING},
    {"FraudScore", KS_T_INT, .doc = "Kassa: 0-100; FRAUD from 80 (docs/payments.md)"},
    {"StatusHistory", KS_T_ARRAY, .obj = &order_event, .doc = "Kassa: every status, in order"},
    END,
};
const ks_schema ks_schema_OrderInformation = {"OrderInformation", 0, order_information_fields,
                                              "A placed order, as getOrder and placeOrder "
                                              "return it."};

static const ks_field order_search_fields[] = {
    {"Status", KS_T_STRING, .enums = ks_order_status_names, KS_BIND(ks_order_search_in, status)},
    {"ApproveStatus", KS_T_STRING, .enums = ks_approve_status_names,
     KS_BIND(ks_order_search_in, approve_status)},
    {"StartDate", KS_T_STRING, .maxlen = 32, KS_BIND(ks_order_search_in, start_date),
     .doc = "YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS), inclusive, in the vendor's time zone"},
    {"EndDate", KS_T_STRING, .maxlen = 32, KS_BIND(ks_order_search_in, end_date)},
    {"ExternalRefNo", KS_T_STRING, .maxlen = 255, KS_BIND(ks_order_search_in, external_ref)},
    {"IncludeTestOrders", KS_T_STRING, .enums = ks_test_filter_names,
     KS_BIND(ks_order_search_in, include_test), .doc = "YES (the default), NO or ONLY"},
    {"Newer", KS_T_ANY},
    {"PartnerOrders", KS_T_ANY},
    KS_PAGE_FIELDS(ks_order_search_in, page),
    END,
};
const ks_schema ks_schema_OrderSearchInput = {"OrderSearchOptions", sizeof(ks_order_search_in),
                                              order_search_fields,
                                              "Filters of searchOrders (REST GET /orders/), all "
                                              "optional; Page 1 and Limit 10 by default."};

static const ks_field order_search_result_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_OrderInformation},
    {"Pagination", KS_T_OBJECT, .obj = &ks_schema_Pagination},
    END,
};
const ks_schema ks_schema_OrderSearchResult = {"OrderSearchResult", 0, order_search_result_fields,
                                               NULL};

static const ks_field refund_in_fields[] = {
    {"Amount", KS_T_DECIMAL, KS_BIND(ks_refund_in, amount),
     KS_BIND_PRESENT(ks_refund_in, has_amount),
     .doc = "In the order currency; absent: all that is left"},
    {"Comment", KS_T_STRING, .maxlen = 1024, KS_BIND(ks_refund_in, comment)},
    {"Reason", KS_T_STRING, .maxlen = 255, KS_BIND(ks_refund_in, reason)},
    {"Items", KS_T_ANY, .doc = "Line items to refund (accepted; the amount decides)"},
    END,
};
const ks_schema ks_schema_RefundInput = {"RefundInput", sizeof(ks_refund_in), refund_in_fields,
                                         "A refund: {amount, comment, reason}."};

/* The Customer object, read (getCustomerInformation) and written (createCustomer,
 * updateCustomerInformation) alike. */
static const ks_field customer_fields[] = {
    {"AvangateCustomerReference", KS_T_INT, KS_BIND(ks_customer, reference),
     .doc = "System-generated; updateCustomerInformation names the customer by it"},
    {"ExternalCustomerReference", KS_T_STRING, .maxlen = 100, KS_BIND(ks_customer, external_ref)},
    {"FirstName", KS_T_STRING, .maxlen = 255, KS_BIND(ks_customer, address.first_name)},
    {"LastName", KS_T_STRING, .maxlen = 255, KS_BIND(ks_customer, address.last_name)},
    {"Company", KS_T_STRING, .maxlen = 255, KS_BIND(ks_customer, address.company)},
    {"FiscalCode", KS_T_STRING, .maxlen = 100, KS_BIND(ks_customer, address.fiscal_code)},
    {"Address1", KS_T_STRING, .maxlen = 255, KS_BIND(ks_customer, address.address1)},
    {"Address2", KS_T_STRING, .maxlen = 255, KS_BIND(ks_customer, address.address2)},
    {"City", KS_T_STRING, .maxlen = 255, KS_BIND(ks_customer, address.city)},
    {"State", KS_T_STRING, .maxlen = 255, KS_BIND(ks_customer, address.state)},
    {"Zip", KS_T_STRING, .maxlen = 64, KS_BIND(ks_customer, address.zip)},
    {"CountryCode", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(ks_customer, address.country_code)},
    {"Phone", KS_T_STRING, .maxlen = 64, KS_BIND(ks_customer, address.phone)},
    {"Fax", KS_T_STRING, .maxlen = 64, KS_BIND(ks_customer, address.fax)},
    {"Email", KS_T_STRING, .fmt = KS_FMT_EMAIL, KS_BIND(ks_customer, address.email)},
    {"ExistingCards", KS_T_ARRAY, KS_F_OUTPUT, .item = KS_T_ANY},
    {"Enabled", KS_T_BOOL, KS_F_OUTPUT, .doc = "The customer holds an enabled subscription"},
    {"Trial", KS_T_BOOL, KS_F_OUTPUT},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE, KS_BIND(ks_customer, language)},
    END,
};
const ks_schema ks_schema_Customer = {"Customer", sizeof(ks_customer), customer_fields,
                                      "A customer: created by its first order or by "
                                      "createCustomer."};

static const ks_field import_product_fields[] = {
    {"ProductCode", KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX, KS_BIND(ks_import_product, code)},
    {"ProductId", KS_T_ANY, .doc = "Accepted; the ProductCode names the product"},
    {"ProductName", KS_T_STRING, .maxlen = 255},
    {"ProductQuantity", KS_T_INT, KS_BIND(ks_import_product, quantity),
     KS_BIND_PRESENT(ks_import_product, has_quantity)},
    {"ProductVersion", KS_T_STRING, .maxlen = 255},
    {"PriceOptionCodes", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = 255,
     KS_BIND(ks_import_product, options), KS_BIND_COUNT(ks_import_product, n_options)},
    END,
};
static const ks_schema import_product = {"SubscriptionImportProduct", sizeof(ks_import_product),
                                         import_product_fields, NULL};

/* addSubscription's object, as the official SDKs' samples send it. */
static const ks_field subscription_import_fields[] = {
    {"StartDate", KS_T_STRING, .maxlen = 32, KS_BIND(ks_subscription_import, start),
     .doc = "Mandatory when importing: YYYY-MM-DD, in the vendor's API time zone"},
    {"ExpirationDate", KS_T_STRING, .maxlen = 32, KS_BIND(ks_subscription_import, expiration),
     .doc = "Mandatory when importing: YYYY-MM-DD; renewed from then on"},
    {"RecurringEnabled", KS_T_BOOL, KS_BIND(ks_subscription_import, recurring_enabled),
     KS_BIND_PRESENT(ks_subscription_import, has_recurring_enabled)},
    {"ExternalCustomerReference", KS_T_STRING, .maxlen = 100,
     KS_BIND(ks_subscription_import, external_customer_ref)},
    {"ExternalSubscriptionReference", KS_T_STRING, .maxlen = 255},
    {"EndUser", KS_T_OBJECT, .obj = &ks_schema_Customer, KS_BIND(ks_subscription_import, end_user)},
    {"Payment", KS_T_OBJECT, .obj = &card_payment, KS_BIND(ks_subscription_import, payment),
     .doc = "The card renewals charge (nothing is charged on import)"},
    {"Product", KS_T_OBJECT, .obj = &import_product, KS_BIND(ks_subscription_import, product)},
    {"NextRenewalPrice", KS_T_DECIMAL, KS_BIND(ks_subscription_import, next_renewal_price),
     KS_BIND_PRESENT(ks_subscription_import, has_next_renewal_price)},
    {"NextRenewalPriceCurrency", KS_T_STRING, .fmt = KS_FMT_CURRENCY,
     KS_BIND(ks_subscription_import, next_renewal_currency)},
    {"SubscriptionValue", KS_T_DECIMAL},
    {"SubscriptionValueCurrency", KS_T_STRING, .fmt = KS_FMT_CURRENCY},
    {"CustomPriceBillingCyclesLeft", KS_T_INT},
    {"DeliveryInfo", KS_T_ANY},
    {"PartnerCode", KS_T_STRING, .maxlen = 255},
    {"Test", KS_T_BOOL, KS_BIND(ks_subscription_import, test)},
    END,
};
const ks_schema ks_schema_SubscriptionImport = {
    "SubscriptionImport", sizeof(ks_subscription_import), subscription_import_fields,
    "A subscription imported from elsewhere (addSubscription)."};

/* The seed's Subscription object, field for field and nested as it lists them. */
static const ks_field subscription_product_fields[] = {
    {"ProductCode", KS_T_STRING},
    {"ProductId", KS_T_INT},
    {"ProductName", KS_T_STRING},
    {"ProductQuantity", KS_T_INT},
    {"ProductVersion", KS_T_STRING},
    {"PriceOptionCodes", KS_T_ARRAY, .item = KS_T_STRING},
    END,
};
static const ks_schema subscription_product = {"SubscriptionProduct", 0,
                                               subscription_product_fields, NULL};

static const ks_field person_fields[] = {
    {"FirstName", KS_T_STRING}, {"LastName", KS_T_STRING}, {"CountryCode", KS_T_STRING},
    {"State", KS_T_STRING},     {"City", KS_T_STRING},     {"Address1", KS_T_STRING},
    {"Address2", KS_T_STRING},  {"Zip", KS_T_STRING},      {"Email", KS_T_STRING},
    {"Phone", KS_T_STRING},     {"Company", KS_T_STRING},  END,
};
static const ks_schema person = {"Person", 0, person_fields, NULL};

static const ks_field end_user_fields[] = {
    {"Person", KS_T_OBJECT, .obj = &person},
    {"Fax", KS_T_STRING},
    {"Language", KS_T_STRING},
    END,
};
static const ks_schema end_user = {"EndUser", 0, end_user_fields, NULL};

static const ks_field code_extra_info_fields[] = {
    {"Type", KS_T_STRING}, {"Label", KS_T_STRING}, {"Value", KS_T_STRING}, END,
};
static const ks_schema code_extra_info = {"CodeExtraInfo", 0, code_extra_info_fields, NULL};

static const ks_field extra_info_fields[] = {
    {"CodeExtraInfo", KS_T_OBJECT, .obj = &code_extra_info},
    END,
};
static const ks_schema extra_info = {"ExtraInfo", 0, extra_info_fields, NULL};

static const ks_field delivery_file_fields[] = {
    {"Content", KS_T_STRING},
    {"ContentLength", KS_T_INT},
    {"Filename", KS_T_STRING},
    {"FileType", KS_T_STRING},
    END,
};
static const ks_schema delivery_file = {"DeliveryFile", 0, delivery_file_fields, NULL};

static const ks_field delivery_code_fields[] = {
    {"Code", KS_T_STRING},
    {"Description", KS_T_STRING},
    {"ExtraInfo", KS_T_OBJECT, .obj = &extra_info},
    {"File", KS_T_ARRAY, .obj = &delivery_file},
    END,
};
static const ks_schema delivery_code = {"DeliveryCode", 0, delivery_code_fields, NULL};

static const ks_field delivery_info_fields[] = {
    {"Description", KS_T_STRING},
    {"Codes", KS_T_ARRAY, .obj = &delivery_code},
    END,
};
static const ks_schema delivery_info = {"DeliveryInfo", 0, delivery_info_fields, NULL};

static const ks_field subscription_fields[] = {
    {"SubscriptionReference", KS_T_STRING, .doc = "10 characters"},
    {"StartDate", KS_T_STRING, .doc = "YYYY-MM-DD"},
    {"ExpirationDate", KS_T_STRING, .doc = "YYYY-MM-DD"},
    {"RecurringEnabled", KS_T_BOOL},
    {"SubscriptionEnabled", KS_T_BOOL},
    {"Product", KS_T_OBJECT, .obj = &subscription_product},
    {"EndUser", KS_T_OBJECT, .obj = &end_user},
    {"SKU", KS_T_STRING},
    {"DeliveryInfo", KS_T_OBJECT, .obj = &delivery_info},
    {"ReceiveNotifications", KS_T_BOOL},
    {"Lifetime", KS_T_BOOL},
    {"PartnerCode", KS_T_STRING},
    {"AvangateCustomerReference", KS_T_INT},
    {"ExternalCustomerReference", KS_T_STRING},
    {"TestSubscription", KS_T_BOOL},
    {"IsTrial", KS_T_BOOL},
    {"MerchantCode", KS_T_STRING},
    END,
};
const ks_schema ks_schema_Subscription = {"Subscription", 0, subscription_fields,
                                          "A subscription, born from a recurring item of a "
                                          "COMPLETE order."};

static const ks_field sub_end_user_fields[] = {
    {"Person", KS_T_OBJECT, .obj = &ks_schema_Address,
     KS_BIND(ks_subscription_end_user_in, person)},
    {"Fax", KS_T_STRING, .maxlen = 64, KS_BIND(ks_subscription_end_user_in, fax)},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE,
     KS_BIND(ks_subscription_end_user_in, language)},
    END,
};
static const ks_schema sub_end_user = {"SubscriptionEndUser", sizeof(ks_subscription_end_user_in),
                                       sub_end_user_fields, NULL};

#define SU(m) KS_BIND(ks_subscription_update_in, m)
static const ks_field subscription_update_fields[] = {
    {"SubscriptionReference", KS_T_ANY, .doc = "Ignored: the reference is the path's"},
    {"StartDate", KS_T_ANY, .doc = "Cannot change"},
    {"ExpirationDate", KS_T_STRING, .maxlen = 32, SU(expiration),
     .doc = "YYYY-MM-DD (or with HH:MM:SS), after StartDate; the renewal moves with it"},
    {"RecurringEnabled", KS_T_BOOL, SU(recurring),
     KS_BIND_PRESENT(ks_subscription_update_in, has_recurring)},
    {"SubscriptionEnabled", KS_T_BOOL, SU(enabled),
     KS_BIND_PRESENT(ks_subscription_update_in, has_enabled)},
    {"Product", KS_T_ANY, .doc = "Cannot change (setSubscriptionUpgrade does)"},
    {"EndUser", KS_T_OBJECT, .obj = &sub_end_user, SU(end_user),
     .doc = "The Person fields given replace the stored ones"},
    {"SKU", KS_T_ANY},
    {"DeliveryInfo", KS_T_ANY},
    {"ReceiveNotifications", KS_T_ANY},
    {"Lifetime", KS_T_ANY},
    {"PartnerCode", KS_T_ANY},
    {"AvangateCustomerReference", KS_T_ANY},
    {"ExternalCustomerReference", KS_T_STRING, .maxlen = 255, SU(external_customer_ref)},
    {"TestSubscription", KS_T_ANY},
    {"IsTrial", KS_T_ANY},
    {"MerchantCode", KS_T_ANY},
    END,
};
#undef SU
const ks_schema ks_schema_SubscriptionUpdate = {
    "SubscriptionUpdate", sizeof(ks_subscription_update_in), subscription_update_fields,
    "updateSubscription: the fields of the Subscription object to change."};

static const ks_field subscription_upgrade_fields[] = {
    {"ProductCode", KS_T_STRING, KS_F_REQUIRED, .maxlen = 255,
     KS_BIND(ks_subscription_upgrade_in, product), .doc = "The target product"},
    {"Options", KS_T_STRING, .maxlen = 2000, KS_BIND(ks_subscription_upgrade_in, options),
     .doc = "';'-separated option codes (case-sensitive), scale groups as CODE=value"},
    {"CustomPrice", KS_T_DECIMAL, .err = KS_E_SUBSCRIPTION_UPGRADE_PRICE_INVALID,
     KS_BIND(ks_subscription_upgrade_in, custom_price),
     KS_BIND_PRESENT(ks_subscription_upgrade_in, has_custom_price),
     .doc = "In the currency of the last payment; absent: the prorated price"},
    END,
};
const ks_schema ks_schema_SubscriptionUpgrade = {
    "SubscriptionUpgrade", sizeof(ks_subscription_upgrade_in), subscription_upgrade_fields,
    "setSubscriptionUpgrade over REST (PUT /subscriptions/{ref}/upgrade/)."};

static const ks_field upgrade_option_value_fields[] = {
    {"Name", KS_T_STRING},
    {"Value", KS_T_STRING, .doc = "The code to send in options"},
    END,
};
static const ks_schema upgrade_option_value = {"UpgradeOptionValue", 0,
                                               upgrade_option_value_fields, NULL};
static const ks_field upgrade_option_group_fields[] = {
    {"Code", KS_T_STRING},
    {"Name", KS_T_STRING},
    {"Type", KS_T_STRING},
    {"Required", KS_T_BOOL},
    {"Options", KS_T_ARRAY, .obj = &upgrade_option_value},
    END,
};
static const ks_schema upgrade_option_group = {"UpgradeOptionGroup", 0,
                                               upgrade_option_group_fields, NULL};
static const ks_field upgrade_product_info_fields[] = {
    {"ProductCode", KS_T_STRING},
    {"ProductId", KS_T_INT},
    {"ProductName", KS_T_STRING},
    {"ProductVersion", KS_T_STRING},
    {"SKU", KS_T_STRING},
    END,
};
static const ks_schema upgrade_product_info = {"UpgradeProductInfo", 0,
                                               upgrade_product_info_fields, NULL};
static const ks_field upgrade_option_fields[] = {
    {"ProductInfo", KS_T_OBJECT, .obj = &upgrade_product_info},
    {"Quantity", KS_T_INT},
    {"PriceOptions", KS_T_ARRAY, .obj = &upgrade_option_group},
    END,
};
const ks_schema ks_schema_UpgradeOption = {"UpgradeOption", 0, upgrade_option_fields,
                                           "A product a subscription can be upgraded to."};
static const ks_field upgrade_price_fields[] = {
    {"BillingPrice", KS_T_DECIMAL},
    {"BillingGrossPrice", KS_T_DECIMAL},
    {"BillingCurrency", KS_T_STRING},
    {"Quantity", KS_T_INT},
    {"DisplayPrice", KS_T_DECIMAL},
    {"DisplayGrossPrice", KS_T_DECIMAL},
    {"DisplayCurrency", KS_T_STRING},
    END,
};
const ks_schema ks_schema_UpgradePrice = {"UpgradePrice", 0, upgrade_price_fields,
                                          "The prorated price of an upgrade."};

/* ks_page_in itself, as the member of a struct (at offset 0) for KS_PAGE_FIELDS */
typedef struct {
    ks_page_in p;
} page_wrap;

static const ks_field page_in_fields[] = {
    KS_PAGE_FIELDS(page_wrap, p),
    END,
};
static const ks_schema page_in = {"PaginationInput", sizeof(ks_page_in), page_in_fields, NULL};

#define SS(m) KS_BIND(ks_subscription_search_in, m)
#define SSP(m) KS_BIND_PRESENT(ks_subscription_search_in, m)
static const ks_field subscription_search_fields[] = {
    {"CustomerEmail", KS_T_STRING, .maxlen = 254, SS(email)},
    {"ExactMatchEmail", KS_T_ANY, .doc = "Accepted: the email always matches exactly"},
    {"DeliveredCode", KS_T_ANY},
    {"AvangateCustomerReference", KS_T_INT, SS(customer_ref), SSP(has_customer_ref)},
    {"ExternalCustomerReference", KS_T_STRING, .maxlen = 255, SS(external_ref)},
    {"Aggregate", KS_T_ANY},
    {"SubscriptionEnabled", KS_T_BOOL, SS(enabled), SSP(has_enabled)},
    {"RecurringEnabled", KS_T_BOOL, SS(recurring), SSP(has_recurring)},
    {"ProductCodes", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = 255,
     SS(product_codes), KS_BIND_COUNT(ks_subscription_search_in, n_product_codes)},
    {"CountryCodes", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = 2,
     SS(countries), KS_BIND_COUNT(ks_subscription_search_in, n_countries)},
    {"PurchasedAfter", KS_T_STRING, .maxlen = 32, SS(purchased_after),
     .doc = "YYYY-MM-DD (or with HH:MM:SS), inclusive, in the vendor's time zone"},
    {"PurchasedBefore", KS_T_STRING, .maxlen = 32, SS(purchased_before)},
    {"ExpireAfter", KS_T_STRING, .maxlen = 32, SS(expire_after)},
    {"ExpireBefore", KS_T_STRING, .maxlen = 32, SS(expire_before)},
    {"RenewedAfter", KS_T_ANY},
    {"RenewedBefore", KS_T_ANY},
    {"NotificationAfter", KS_T_ANY},
    {"NotificationBefore", KS_T_ANY},
    {"ModifiedAfter", KS_T_ANY},
    {"ModifiedBefore", KS_T_ANY},
    {"NextBillingDateAfter", KS_T_ANY},
    {"NextBillingDateBefore", KS_T_ANY},
    {"LifetimeSubscription", KS_T_BOOL, SS(lifetime), SSP(has_lifetime)},
    {"TestSubscription", KS_T_BOOL, SS(test), SSP(has_test), .doc = "Kassa"},
    {"Type", KS_T_ANY},
    {"PartnerCode", KS_T_ANY},
    KS_PAGE_FIELDS(ks_subscription_search_in, page),
    {"Pagination", KS_T_OBJECT, .obj = &page_in, SS(pagination),
     .doc = "JSON-RPC / SOAP: {Page, Limit}"},
    END,
};
#undef SS
#undef SSP
const ks_schema ks_schema_SubscriptionSearchInput = {
    "SubscriptionSearchOptions", sizeof(ks_subscription_search_in), subscription_search_fields,
    "Filters of searchSubscriptions (REST GET /subscriptions/), all optional; Page 1 and Limit "
    "10 by default."};

static const ks_field subscription_search_result_fields[] = {
    {"Items", KS_T_ARRAY, .obj = &ks_schema_Subscription},
    {"Pagination", KS_T_OBJECT, .obj = &ks_schema_Pagination},
    END,
};
const ks_schema ks_schema_SubscriptionSearchResult = {"SubscriptionSearchResult", 0,
                                                      subscription_search_result_fields, NULL};

static const ks_field subscription_history_fields[] = {
    {"RefNo", KS_T_STRING, .doc = "The order"},
    {"Type", KS_T_STRING, .doc = "NEW (the order that created it), RENEWAL or UPGRADE"},
    {"PurchaseDate", KS_T_STRING, .doc = "OrderDate: YYYY-MM-DD HH:MM:SS"},
    {"Status", KS_T_STRING},
    {"Currency", KS_T_STRING},
    {"NetPrice", KS_T_DECIMAL},
    {"GrossPrice", KS_T_DECIMAL},
    {"Errors", KS_T_ANY, .doc = "null, or the declined payment's {CODE: message}"},
    END,
};
const ks_schema ks_schema_SubscriptionHistory = {"SubscriptionHistory", 0,
                                                 subscription_history_fields,
                                                 "One order of a subscription's history."};

/* --- the Channel Manager ----------------------------------------------------------------- */

static const ks_field pricing_list_product_fields[] = {
    {"ProductCode", KS_T_STRING, KS_F_REQUIRED, .maxlen = 255,
     KS_BIND(ks_pricing_item_in, product_code)},
    {"ProductId", KS_T_INT, KS_F_OUTPUT, .doc = "the id addProduct takes"},
    {"ProductName", KS_T_STRING, KS_F_OUTPUT},
    {"Price", KS_T_DECIMAL, KS_BIND(ks_pricing_item_in, price),
     KS_BIND_PRESENT(ks_pricing_item_in, has_price),
     .doc = "the partner's price, instead of the vendor's; null: the vendor's price less "
            "Discount"},
    {"Currency", KS_T_STRING, .fmt = KS_FMT_CURRENCY, KS_BIND(ks_pricing_item_in, currency),
     .doc = "of Price"},
    {"Discount", KS_T_DECIMAL, KS_BIND(ks_pricing_item_in, discount),
     .doc = "percent off the vendor's price, 0 to 100"},
    END,
};
static const ks_schema pricing_list_product = {"PricingListProduct", sizeof(ks_pricing_item_in),
                                               pricing_list_product_fields, NULL};

static const ks_field pricing_list_fields[] = {
    {"Code", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_pricing_list_in, code)},
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_pricing_list_in, name)},
    {"Products", KS_T_ARRAY, .obj = &pricing_list_product, KS_BIND(ks_pricing_list_in, items),
     KS_BIND_COUNT(ks_pricing_list_in, n_items)},
    END,
};
const ks_schema ks_schema_PricingList = {"PricingList", sizeof(ks_pricing_list_in),
                                         pricing_list_fields,
                                         "A pricing list: the products a partner can order, at "
                                         "a price of its own or a discount."};

static const char *const partner_models[] = {"RESELLER", "SERVICE_PROVIDER", "DIRECT", NULL};

static const ks_field partner_fields[] = {
    {"PartnerCode", KS_T_STRING},
    {"CompanyName", KS_T_STRING},
    {"Email", KS_T_STRING},
    {"CommunicationLanguage", KS_T_STRING},
    {"Currency", KS_T_STRING},
    {"Country", KS_T_STRING},
    {"Active", KS_T_BOOL},
    {"BusinessModel", KS_T_STRING, .doc = "RESELLER, or SERVICE_PROVIDER (the Direct model)"},
    {"CreditLimit", KS_T_DECIMAL},
    {"AvailableCreditLimit", KS_T_DECIMAL},
    {"PricingLists", KS_T_ARRAY, .obj = &ks_schema_PricingList},
    END,
};
const ks_schema ks_schema_Partner = {"Partner", 0, partner_fields, NULL};

static const ks_field partner_input_fields[] = {
    {"Vendor", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_partner_in, vendor)},
    {"PartnerCode", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_partner_in, code)},
    {"CompanyName", KS_T_STRING, KS_F_REQUIRED, .maxlen = 255, KS_BIND(ks_partner_in, company)},
    {"Email", KS_T_STRING, .fmt = KS_FMT_EMAIL, .maxlen = 255, KS_BIND(ks_partner_in, email)},
    {"CommunicationLanguage", KS_T_STRING, .fmt = KS_FMT_LANGUAGE,
     KS_BIND(ks_partner_in, language)},
    {"Currency", KS_T_STRING, .fmt = KS_FMT_CURRENCY, KS_BIND(ks_partner_in, currency)},
    {"Country", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(ks_partner_in, country)},
    {"Active", KS_T_BOOL, KS_BIND(ks_partner_in, active),
     KS_BIND_PRESENT(ks_partner_in, has_active)},
    {"BusinessModel", KS_T_STRING, .enums = partner_models, KS_BIND(ks_partner_in, model)},
    {"CreditLimit", KS_T_DECIMAL, KS_BIND(ks_partner_in, credit_limit)},
    {"PricingLists", KS_T_ARRAY, .obj = &ks_schema_PricingList, KS_BIND(ks_partner_in, lists),
     KS_BIND_COUNT(ks_partner_in, n_lists)},
    END,
};
const ks_schema ks_schema_PartnerInput = {"PartnerInput", sizeof(ks_partner_in),
                                          partner_input_fields,
                                          "Sandbox control: a partner of Vendor, with its "
                                          "pricing lists."};

static const ks_field partner_search_fields[] = {
    {"Text", KS_T_STRING, .maxlen = 255, .doc = "in the code, company name or email"},
    END,
};
const ks_schema ks_schema_PartnerSearchOptions = {"PartnerSearchOptions", 0,
                                                  partner_search_fields, NULL};

static const ks_field partner_cart_item_fields[] = {
    {"ProductId", KS_T_INT},
    {"ProductCode", KS_T_STRING},
    {"ProductName", KS_T_STRING},
    {"Quantity", KS_T_INT},
    {"PriceOptions", KS_T_ARRAY, .item = KS_T_STRING},
    {"PricingListCode", KS_T_STRING},
    {"UnitPrice", KS_T_DECIMAL, .doc = "what the partner pays for one unit, VAT included"},
    {"Discount", KS_T_DECIMAL},
    {"VAT", KS_T_DECIMAL},
    {"Total", KS_T_DECIMAL},
    END,
};
static const ks_schema partner_cart_item = {"PartnerCartItem", 0, partner_cart_item_fields,
                                            NULL};

static const ks_field partner_cart_fields[] = {
    {"Currency", KS_T_STRING},
    {"ExternalReference", KS_T_STRING},
    {"Items", KS_T_ARRAY, .obj = &partner_cart_item},
    {"NetPrice", KS_T_DECIMAL},
    {"Discount", KS_T_DECIMAL},
    {"VAT", KS_T_DECIMAL},
    {"TotalAmount", KS_T_DECIMAL},
    END,
};
const ks_schema ks_schema_PartnerCart = {"PartnerCart", 0, partner_cart_fields,
                                         "The partner cart, priced with its pricing lists."};

static const ks_field partner_order_item_fields[] = {
    {"ProductId", KS_T_INT},
    {"ProductCode", KS_T_STRING},
    {"ProductName", KS_T_STRING},
    {"Quantity", KS_T_INT},
    {"PriceOptions", KS_T_STRING},
    {"Total", KS_T_DECIMAL},
    END,
};
static const ks_schema partner_order_item = {"PartnerOrderItem", 0, partner_order_item_fields,
                                             NULL};

static const ks_field partner_order_fields[] = {
    {"RefNo", KS_T_STRING},
    {"Status", KS_T_STRING,
     .doc = "AWAITING_PAYMENT until its partner invoice is paid, then COMPLETE"},
    {"OrderLockReason", KS_T_ARRAY, .item = KS_T_STRING, .doc = "UNPAID_PROFORMA"},
    {"ProformaNumber", KS_T_STRING},
    {"TotalAmount", KS_T_DECIMAL},
    {"Currency", KS_T_STRING},
    {"TotalSubbscriptionsNumber", KS_T_INT, .doc = "sic, as the platform spells it"},
    {"ExternalRefNo", KS_T_STRING},
    {"PartnerCode", KS_T_STRING},
    {"OrderDate", KS_T_STRING},
    {"Items", KS_T_ARRAY, .obj = &partner_order_item},
    END,
};
const ks_schema ks_schema_PartnerOrder = {"PartnerOrder", 0, partner_order_fields, NULL};

static const ks_field proforma_fields[] = {
    {"Number", KS_T_STRING},
    {"CreateDate", KS_T_STRING},
    {"DueDate", KS_T_STRING},
    {"Status", KS_T_STRING, .doc = "Unpaid, Overdue, Paid or Canceled"},
    {"Currency", KS_T_STRING},
    {"Total", KS_T_STRING},
    {"PaymentMethod", KS_T_STRING, .doc = "null while unpaid"},
    {"Orders", KS_T_ARRAY, .item = KS_T_STRING},
    {"BusinessModel", KS_T_STRING},
    {"ProformaPDF", KS_T_STRING, .doc = "a link to the invoice's PDF, valid for 1 hour"},
    END,
};
const ks_schema ks_schema_Proforma = {"Proforma", 0, proforma_fields,
                                      "A partner invoice (proforma)."};
