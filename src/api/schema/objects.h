/* objects.h — the API objects of Kassa, each declared once in objects.c. */
#ifndef KS_OBJECTS_H
#define KS_OBJECTS_H

#include "../../domain/notify.h"
#include "../../domain/page.h"
#include "../../domain/catalog.h"
#include "../../domain/customer.h"
#include "../../domain/lead.h"
#include "../../domain/order.h"
#include "../../domain/pricing.h"
#include "../../domain/promotion.h"
#include "schema.h"

extern const ks_schema ks_schema_Address;
extern const ks_schema ks_schema_ItemPrice;
extern const ks_schema ks_schema_PaymentDetails;
extern const ks_schema ks_schema_LeadItem;
extern const ks_schema ks_schema_Lead;
extern const ks_schema ks_schema_LeadFollowUp;
extern const ks_schema ks_schema_LeadSearchInput;
extern const ks_schema ks_schema_LeadSearchResult;
extern const ks_schema ks_schema_LeadMark;
extern const ks_schema ks_schema_LeadAddResult;
extern const ks_schema ks_schema_MarkLeadsResult;
extern const ks_schema ks_schema_Pagination;
extern const ks_schema ks_schema_Vendor;
extern const ks_schema ks_schema_VendorInput;
extern const ks_schema ks_schema_ClockAdvance;
extern const ks_schema ks_schema_Clock;

/* The search input of searchLeads, as bound; turned into a ks_lead_query by the handler. */
typedef struct ks_lead_search_in {
    const char **codes;
    size_t n_codes;
    const char *email, *type, *start_date, *end_date;
    const char **product_codes;
    size_t n_product_codes;
    const char *language, *country, *generated_from;
    ks_page_in page;
} ks_lead_search_in;

/* Sandbox control: a vendor to create, or (updateVendor) the settings to change. */
typedef struct ks_vendor_in {
    const char *code, *secret, *model, *secret_word;
    int64_t subscription_delay;
    int has_subscription_delay;
    ks_notify_in notify; /* IpnUrls, LcnUrls, NotifySignatures, NotifyTestOrders, IpnGroups */
} ks_vendor_in;

extern const ks_schema ks_schema_VendorUpdate;
extern const ks_schema ks_schema_NotificationQuery;
extern const ks_schema ks_schema_NotificationVendor;
extern const ks_schema ks_schema_Notification;
extern const ks_schema ks_schema_NotificationList;

/* Sandbox control: GET /control/notifications/?Vendor=CODE[&Channel&Subject&State&Page&Limit] */
typedef struct ks_notification_in {
    const char *vendor, *channel, *subject, *state;
    ks_page_in page;
} ks_notification_in;

typedef struct ks_clock_in {
    int64_t days, hours, minutes, seconds;
} ks_clock_in;

/* Sandbox control: the sandbox mailbox, GET /control/mailbox/?Vendor=CODE[&To=EMAIL]. */
extern const ks_schema ks_schema_MailboxQuery;
extern const ks_schema ks_schema_Mail;
extern const ks_schema ks_schema_MailboxResult;

/* Sandbox control: the job queue of a vendor, GET /control/jobs/?Vendor=CODE. */
extern const ks_schema ks_schema_JobsQuery;
extern const ks_schema ks_schema_Job;
extern const ks_schema ks_schema_JobsResult;
typedef struct ks_jobs_in {
    const char *vendor;
} ks_jobs_in;

typedef struct ks_mailbox_in {
    const char *vendor, *to;
    ks_page_in page;
} ks_mailbox_in;

/* --- catalog, promotions, cross-sell, cart contents ---------------------------------------- */

extern const ks_schema ks_schema_TaxCategory;
extern const ks_schema ks_schema_Money;
extern const ks_schema ks_schema_Product;
extern const ks_schema ks_schema_ProductSearchInput;
extern const ks_schema ks_schema_ProductSearchResult;
extern const ks_schema ks_schema_PriceOptionsGroup;
extern const ks_schema ks_schema_PriceOptionGroupSearchInput;
extern const ks_schema ks_schema_PriceOptionGroupSearchResult;
extern const ks_schema ks_schema_ExchangeRates;
extern const ks_schema ks_schema_Promotion;
extern const ks_schema ks_schema_PromotionSearchInput;
extern const ks_schema ks_schema_PromotionSearchResult;
extern const ks_schema ks_schema_CrossSellCampaign;
extern const ks_schema ks_schema_CrossSellSearchInput;
extern const ks_schema ks_schema_CrossSellSearchResult;
extern const ks_schema ks_schema_CartPriceOptionGroup;
extern const ks_schema ks_schema_Order;
extern const ks_schema ks_schema_OrderContents;

/* Filters of searchProducts, as bound. */
typedef struct ks_product_search_in {
    const char *name;
    const char **codes;
    size_t n_codes;
    const char **types;
    size_t n_types;
    int enabled, has_enabled;
    ks_page_in page;
} ks_product_search_in;

typedef struct ks_option_group_search_in {
    const char *name;
    const char **types;
    size_t n_types;
    ks_page_in page;
} ks_option_group_search_in;

typedef struct ks_promotion_search_in {
    const char *product_code;
    const char **coupons;       /* also "A,B" in one string, as the platform's samples send */
    size_t n_coupons;
    int enabled, has_enabled;
    ks_page_in page;
} ks_promotion_search_in;

typedef struct ks_crosssell_search_in {
    const char *name;
    const char **statuses;
    size_t n_statuses;
    const char *type;
    const char **products, **recommended;
    size_t n_products, n_recommended;
    const char *start_date, *end_date;
    ks_page_in page;
} ks_crosssell_search_in;

/* updateExchangeRates: the base currency and, when given, the vendor's own rates. */
typedef struct ks_exchange_in {
    const char *base_currency;
    ks_fx_rate *rates;
    size_t n_rates;
    int has_rates;
} ks_exchange_in;

/* A price option group of a cart item: PriceOptions[{Name, Options[{Name, Value,
 * Surcharge}]}]. For a catalog item Name is the group code and Value the option code (or the
 * scale value); for a dynamic item the Surcharges add to the price. */
typedef struct ks_cart_option_value_in {
    const char *name, *value;
    ks_dec surcharge;
} ks_cart_option_value_in;

typedef struct ks_cart_option_group_in {
    const char *name;
    ks_cart_option_value_in *options;
    size_t n_options;
} ks_cart_option_group_in;

/* --- orders, customers, subscriptions -------------------------------------------------------- */

extern const ks_schema ks_schema_OrderInformation;
extern const ks_schema ks_schema_OrderSearchInput;
extern const ks_schema ks_schema_OrderSearchResult;
extern const ks_schema ks_schema_RefundInput;
extern const ks_schema ks_schema_Customer;
extern const ks_schema ks_schema_SubscriptionImport;
extern const ks_schema ks_schema_Subscription;
extern const ks_schema ks_schema_SubscriptionHistory;
extern const ks_schema ks_schema_SubscriptionUpgrade;
extern const ks_schema ks_schema_UpgradeOption;
extern const ks_schema ks_schema_UpgradePrice;
extern const ks_schema ks_schema_SubscriptionUpdate;
extern const ks_schema ks_schema_SubscriptionSearchInput;
extern const ks_schema ks_schema_SubscriptionSearchResult;

/* Filters of searchOrders, as bound; turned into a ks_order_query by the handler. */
typedef struct ks_order_search_in {
    const char *status, *approve_status, *start_date, *end_date, *external_ref, *include_test;
    ks_page_in page;
} ks_order_search_in;


/* Filters of searchSubscriptions (REST GET /subscriptions/), as bound. */
typedef struct ks_subscription_search_in {
    const char *email, *external_ref;
    int64_t customer_ref;
    int has_customer_ref;
    int enabled, has_enabled, recurring, has_recurring, lifetime, has_lifetime, test, has_test;
    const char **product_codes;
    size_t n_product_codes;
    const char **countries;
    size_t n_countries;
    const char *purchased_after, *purchased_before, *expire_after, *expire_before;
    ks_page_in page;
    const ks_page_in *pagination;
} ks_subscription_search_in;

/* updateSubscription's Subscription, as bound. */
typedef struct ks_subscription_end_user_in {
    const ks_address *person;
    const char *fax, *language;
} ks_subscription_end_user_in;

typedef struct ks_subscription_update_in {
    const ks_subscription_end_user_in *end_user;
    const char *external_customer_ref, *expiration;
    int enabled, has_enabled, recurring, has_recurring;
} ks_subscription_update_in;

/* REST PUT /subscriptions/{ref}/upgrade/: {ProductCode, Options, CustomPrice}. */
typedef struct ks_subscription_upgrade_in {
    const char *product, *options;
    ks_dec custom_price;
    int has_custom_price;
} ks_subscription_upgrade_in;

/* A refund: REST POST /orders/{RefNo}/refund/ {amount, comment, reason}. */
typedef struct ks_refund_in {
    ks_dec amount;
    int has_amount;
    const char *comment, *reason;
} ks_refund_in;

/* --- the Channel Manager: partners, pricing lists, the partner cart, proformas ------------- */

extern const ks_schema ks_schema_Partner;
extern const ks_schema ks_schema_PartnerInput;
extern const ks_schema ks_schema_PartnerSearchOptions;
extern const ks_schema ks_schema_PricingList;
extern const ks_schema ks_schema_PartnerCart;
extern const ks_schema ks_schema_PartnerOrder;
extern const ks_schema ks_schema_Proforma;

/* A product of a pricing list, as given to the control API. */
typedef struct ks_pricing_item_in {
    const char *product_code;
    ks_dec price, discount;
    int has_price;
    const char *currency;
} ks_pricing_item_in;

typedef struct ks_pricing_list_in {
    const char *code, *name;
    ks_pricing_item_in *items;
    size_t n_items;
} ks_pricing_list_in;

/* Sandbox control: a partner to create, and the vendor it belongs to. */
typedef struct ks_partner_in {
    const char *vendor, *code, *company, *email, *language, *currency, *country, *model;
    int active, has_active;
    ks_dec credit_limit;
    ks_pricing_list_in *lists;
    size_t n_lists;
} ks_partner_in;

#endif
