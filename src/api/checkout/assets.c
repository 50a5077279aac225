/* assets.c — lookup in the embedded web/ files. */
#include "assets.h"

#include <string.h>

const ks_asset *ks_asset_find(const char *name)
{
    for (size_t i = 0; i < ks_assets_count; i++)
        if (strcmp(ks_assets[i].name, name) == 0)
            return &ks_assets[i];
    return NULL;
}
