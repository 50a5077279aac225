/* assets.h — the files of web/, compiled into the binary by the build (cmake/embed_assets.cmake,
 * the console's mechanism, with this table). */
#ifndef KS_ASSETS_H
#define KS_ASSETS_H

#include <stddef.h>

typedef struct ks_asset {
    const char *name;          /* file name in web/, e.g. "twoCoInlineCart.js" */
    const char *content_type;  /* from the file's extension */
    const unsigned char *data; /* NUL-terminated */
    size_t len;
} ks_asset;

extern const ks_asset ks_assets[];
extern const size_t ks_assets_count;

/* The asset called name, or NULL. */
const ks_asset *ks_asset_find(const char *name);

#endif
