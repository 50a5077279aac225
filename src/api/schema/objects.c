/* objects.c — every API object, declared once: names, types, required fields, limits, formats
 * and where bound fields land in domain structs. Field names and shapes are the platform's
 * (seeds and reference); objects are listed bottom-up so each can name the ones it contains. */
#include "objects.h"

#include <stddef.h>

#include "../../domain/common.h"

#define END {.name = NULL}

/* --- shared pieces ----------------------------------------------------------------------- */

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
    {"CycleLength", KS_T_INT},   {"CycleUnit", KS_T_STRING, .maxlen = 32},
    {"CycleAmount", KS_T_DECIMAL}, {"ContractLength", KS_T_INT},
    {"ContractUnit", KS_T_STRING, .maxlen = 32}, END,
};
static const ks_schema recurring_options = {"RecurringOptions", 0, recurring_fields, NULL};

static const ks_field campaign_fields[] = {
    {"Type", KS_T_STRING, .maxlen = 64},
    {"ParentCode", KS_T_STRING, .maxlen = 255},
    {"CampaignCode", KS_T_STRING, .maxlen = 255},
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
    {"Period", KS_T_INT},    {"Price", KS_T_DECIMAL}, {"GrossPrice", KS_T_DECIMAL},
    {"NetPrice", KS_T_DECIMAL}, {"VAT", KS_T_DECIMAL}, END,
};
static const ks_schema trial = {"Trial", 0, trial_fields, NULL};

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

static const ks_field card_payment_fields[] = {
    {"InstallmentsNumber", KS_T_INT},
    END,
};
static const ks_schema card_payment = {"CardPayment", 0, card_payment_fields, NULL};

/* CardNumber and CCID are SECRET: they reach the payment processor's struct, never a stored
 * document, a response or a log line. */
static const ks_field payment_method_fields[] = {
    {"CardNumber", KS_T_STRING, KS_F_SECRET, .maxlen = 32},
    {"CardType", KS_T_STRING, .maxlen = 32},
    {"ExpirationYear", KS_T_STRING, .maxlen = 4},
    {"ExpirationMonth", KS_T_STRING, .maxlen = 2},
    {"CCID", KS_T_STRING, KS_F_SECRET, .maxlen = 4},
    {"HolderName", KS_T_STRING, .maxlen = 255},
    {"HolderNameTime", KS_T_DECIMAL},
    {"CardNumberTime", KS_T_DECIMAL},
    {"InstallmentsNumber", KS_T_INT},
    {"RecurringEnabled", KS_T_BOOL},
    {"Vendor3DSReturnURL", KS_T_STRING, .maxlen = 2048},
    {"Vendor3DSCancelURL", KS_T_STRING, .maxlen = 2048},
    {"CardPayment", KS_T_OBJECT, .obj = &card_payment},
    {"EesToken", KS_T_STRING, KS_F_SECRET, .maxlen = 255},
    END,
};
static const ks_schema payment_method = {"PaymentMethod", 0, payment_method_fields, NULL};

static const ks_field payment_details_fields[] = {
    {"Type", KS_T_STRING, .maxlen = 64},
    {"Currency", KS_T_STRING, .fmt = KS_FMT_CURRENCY},
    {"RecurringEnabled", KS_T_BOOL},
    {"PaymentMethod", KS_T_OBJECT, .obj = &payment_method},
    {"CustomerIP", KS_T_STRING, .maxlen = 64},
    END,
};
const ks_schema ks_schema_PaymentDetails = {"PaymentDetails", 0, payment_details_fields, NULL};

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
    {"Quantity", KS_T_INT, KS_BIND(ks_lead_item, quantity),
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
    {"GeneratedFrom", KS_T_STRING, KS_F_OUTPUT},
    {"CartId", KS_T_STRING, .maxlen = 255},
    {"Currency", KS_T_STRING, KS_F_REQUIRED, .fmt = KS_FMT_CURRENCY, KS_BIND(ks_lead, currency)},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE, KS_BIND(ks_lead, language)},
    {"ExternalReference", KS_T_STRING, .maxlen = 100},
    {"Source", KS_T_STRING, .maxlen = 255},
    {"CustomerReference", KS_T_STRING, .maxlen = 255},
    {"MachineId", KS_T_STRING, .maxlen = 255},
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

static const char *const lead_types[] = {"New", "Used", "UsedSuccess", "Stopped", "NotStopped",
                                         NULL};

static const ks_field lead_search_fields[] = {
    {"LeadCode", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = KS_LEAD_CODE_MAX,
     KS_BIND(ks_lead_search_in, codes), KS_BIND_COUNT(ks_lead_search_in, n_codes)},
    {"Email", KS_T_STRING, .maxlen = 254, KS_BIND(ks_lead_search_in, email)},
    {"Type", KS_T_STRING, .enums = lead_types, .err = KS_E_LEAD_TYPE_INVALID,
     KS_BIND(ks_lead_search_in, type)},
    {"StartDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_lead_search_in, start_date)},
    {"EndDate", KS_T_STRING, .fmt = KS_FMT_DATE, KS_BIND(ks_lead_search_in, end_date)},
    {"ProductCode", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = 255,
     KS_BIND(ks_lead_search_in, product_codes),
     KS_BIND_COUNT(ks_lead_search_in, n_product_codes)},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE, KS_BIND(ks_lead_search_in, language)},
    {"Country", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(ks_lead_search_in, country)},
    {"GeneratedFrom", KS_T_STRING, .maxlen = 64, KS_BIND(ks_lead_search_in, generated_from)},
    {"Page", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_lead_search_in, page),
     KS_BIND_PRESENT(ks_lead_search_in, has_page)},
    {"Limit", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_lead_search_in, limit),
     KS_BIND_PRESENT(ks_lead_search_in, has_limit)},
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

static const char *const models[] = {"MOR", "PSP", NULL};

static const ks_field vendor_in_fields[] = {
    {"Code", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_vendor_in, code)},
    {"Secret", KS_T_STRING, KS_F_SECRET, .maxlen = 256, KS_BIND(ks_vendor_in, secret)},
    {"Model", KS_T_STRING, .enums = models, KS_BIND(ks_vendor_in, model)},
    END,
};
const ks_schema ks_schema_VendorInput = {"VendorInput", sizeof(ks_vendor_in), vendor_in_fields,
                                         "A vendor to create; Secret is generated when absent "
                                         "and Model defaults to MOR."};

static const ks_field vendor_fields[] = {
    {"Code", KS_T_STRING},
    {"Secret", KS_T_STRING},
    {"Model", KS_T_STRING},
    {"TimeZoneOffset", KS_T_INT},
    {"CreatedAt", KS_T_STRING},
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
    {"Page", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_product_search_in, page),
     KS_BIND_PRESENT(ks_product_search_in, has_page)},
    {"Limit", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_product_search_in, limit),
     KS_BIND_PRESENT(ks_product_search_in, has_limit)},
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
    {"Page", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_option_group_search_in, page),
     KS_BIND_PRESENT(ks_option_group_search_in, has_page)},
    {"Limit", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_option_group_search_in, limit),
     KS_BIND_PRESENT(ks_option_group_search_in, has_limit)},
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
    {"Page", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_promotion_search_in, page),
     KS_BIND_PRESENT(ks_promotion_search_in, has_page)},
    {"Limit", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_promotion_search_in, limit),
     KS_BIND_PRESENT(ks_promotion_search_in, has_limit)},
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
    {"Page", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_crosssell_search_in, page),
     KS_BIND_PRESENT(ks_crosssell_search_in, has_page)},
    {"Limit", KS_T_INT, .err = KS_E_INVALID_PAGINATION, KS_BIND(ks_crosssell_search_in, limit),
     KS_BIND_PRESENT(ks_crosssell_search_in, has_limit)},
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
    {"Quantity", KS_T_INT, .err = KS_E_ORDER_ITEMS_QUANTITY_INVALID,
     KS_BIND(ks_cart_item, quantity), KS_BIND_PRESENT(ks_cart_item, has_quantity)},
    {"IsDynamic", KS_T_BOOL, KS_BIND(ks_cart_item, is_dynamic)},
    {"Name", KS_T_STRING, .maxlen = 255, KS_BIND(ks_cart_item, name)},
    {"Description", KS_T_STRING, .maxlen = 4096},
    {"Tangible", KS_T_BOOL, KS_BIND(ks_cart_item, tangible)},
    {"PurchaseType", KS_T_STRING, .maxlen = 32},
    {"Price", KS_T_OBJECT, .obj = &cart_price, KS_BIND(ks_cart_item, price)},
    {"PriceType", KS_T_STRING, .enums = price_types, .err = KS_E_ORDER_PRODUCT_PRICE_TYPE_INVALID,
     KS_BIND(ks_cart_item, price_type), .doc = "Dynamic items: NET or GROSS (the default)"},
    {"ProductTaxCategoryUUID", KS_T_STRING, .maxlen = 64, KS_BIND(ks_cart_item, tax_category)},
    {"PriceOptions", KS_T_ARRAY, .item = KS_T_ANY,
     .doc = "Option codes (strings) or CartPriceOptionGroup objects"},
    {"CrossSell", KS_T_OBJECT, .obj = &cart_cross_sell, KS_BIND(ks_cart_item, cross_sell)},
    {"SKU", KS_T_STRING, .maxlen = 255},
    {"ExternalReference", KS_T_STRING, .maxlen = 255},
    {"RecurringOptions", KS_T_ANY},
    {"Trial", KS_T_ANY},
    {"AdditionalFields", KS_T_ANY},
    {"SubscriptionStartDate", KS_T_STRING, .maxlen = 32},
    END,
};
static const ks_schema cart_item = {"CartItem", sizeof(ks_cart_item), cart_item_fields,
                                    "An order item: a catalog product by Code, or a dynamic "
                                    "product (IsDynamic, Name, Price)."};

static const ks_field cart_fields[] = {
    {"Currency", KS_T_STRING, .fmt = KS_FMT_CURRENCY, KS_BIND(ks_cart, currency),
     .doc = "Absent: the vendor's base currency"},
    {"Country", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(ks_cart, country)},
    {"Language", KS_T_STRING, .fmt = KS_FMT_LANGUAGE},
    {"ExternalReference", KS_T_STRING, .maxlen = 100},
    {"Source", KS_T_STRING, .maxlen = 255},
    {"CustomerIP", KS_T_STRING, .maxlen = 64},
    {"CustomerReference", KS_T_STRING, .maxlen = 255},
    {"MachineId", KS_T_STRING, .maxlen = 255},
    {"Items", KS_T_ARRAY, .obj = &cart_item, KS_BIND(ks_cart, items),
     KS_BIND_COUNT(ks_cart, n_items)},
    {"BillingDetails", KS_T_OBJECT, .obj = &ks_schema_Address, KS_BIND(ks_cart, billing)},
    {"DeliveryDetails", KS_T_OBJECT, .obj = &ks_schema_Address},
    {"PaymentDetails", KS_T_OBJECT, .obj = &ks_schema_PaymentDetails},
    {"Promotions", KS_T_ARRAY, .item = KS_T_STRING, .maxlen = KS_CATALOG_CODE_MAX,
     KS_BIND(ks_cart, promotions), KS_BIND_COUNT(ks_cart, n_promotions),
     .doc = "Coupon codes"},
    END,
};
const ks_schema ks_schema_Cart = {"OrderContentsInput", sizeof(ks_cart), cart_fields,
                                  "An order to price: Items, BillingDetails (CountryCode, and "
                                  "Company + FiscalCode for a business), Currency, Promotions."};

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
    END,
};
const ks_schema ks_schema_OrderContents = {"OrderContents", 0, contents_fields,
                                           "The priced cart: every line's Price and the totals. "
                                           "Nothing is stored."};
