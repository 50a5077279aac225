/* charts.c — server-rendered inline SVG bar charts: no script, no external file; each chart
 * comes with its figures in a table (behind a disclosure) for screen readers and for copying. */
#include <stdio.h>
#include <string.h>

#include "../../core/money.h"
#include "console_int.h"

#define W 720
#define H 220
#define LEFT 64
#define RIGHT 8
#define TOP 12
#define BOTTOM 28

/* 1, 2 or 5 times a power of ten, at least v. */
static int64_t nice_ceil(int64_t v)
{
    int64_t m = 1;
    if (v <= 0)
        return 1;
    while (m <= INT64_MAX / 10) {
        if (v <= m)
            return m;
        if (v <= 2 * m)
            return 2 * m;
        if (v <= 5 * m)
            return 5 * m;
        m *= 10;
    }
    return v;
}

/* An axis value: a count, or whole units of currency. */
static void axis_value(char *out, size_t n, int64_t v, const char *currency)
{
    if (currency) {
        int units = ks_money_minor_units(currency);
        for (int i = 0; i < units; i++)
            v /= 10;
    }
    if (v >= 1000000)
        snprintf(out, n, "%lldM", (long long)(v / 1000000));
    else if (v >= 10000)
        snprintf(out, n, "%lldk", (long long)(v / 1000));
    else
        snprintf(out, n, "%lld", (long long)v);
}

void cs_chart(cs_page *p, const char *id, const char *title, const char *const *labels, size_t n,
              const cs_series *series, size_t nseries, const char *currency)
{
    int64_t max = 0, sum_all = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t sum = 0;
        for (size_t s = 0; s < nseries; s++)
            sum += series[s].values[i];
        if (sum > max)
            max = sum;
        sum_all += sum;
    }
    /* the axis steps: 4 gridlines on a round maximum */
    int64_t top = nice_ceil(max ? (max + 3) / 4 : 1) * 4;
    if (currency) {
        int64_t unit = 1;
        for (int i = 0; i < ks_money_minor_units(currency); i++)
            unit *= 10;
        top = nice_ceil(max ? (max + 4 * unit - 1) / (4 * unit) : 1) * 4 * unit;
    }
    double plot_w = W - LEFT - RIGHT, plot_h = H - TOP - BOTTOM;
    double slot = plot_w / (double)(n ? n : 1);
    double bar = slot * 0.72;

    cs_printf(p, "<figure class=\"chart\" id=\"%s\"><figcaption><h3 id=\"%s-title\">", id, id);
    cs_text(p, title);
    cs_puts(p, "</h3><ul class=\"legend\">");
    for (size_t s = 0; s < nseries; s++) {
        cs_printf(p, "<li><span class=\"swatch %s\" aria-hidden=\"true\"></span>", series[s].cls);
        cs_text(p, series[s].name);
        cs_puts(p, "</li>");
    }
    cs_puts(p, "</ul></figcaption>");
    cs_printf(p, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-title\" "
                 "preserveAspectRatio=\"xMidYMid meet\">",
              W, H, id);
    /* gridlines and the y axis */
    for (int g = 0; g <= 4; g++) {
        double y = TOP + plot_h - plot_h * g / 4.0;
        char v[32];
        axis_value(v, sizeof v, top / 4 * g, currency);
        cs_printf(p, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT,
                  W - RIGHT, y, y);
        cs_printf(p, "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                  LEFT - 6, y + 4, v);
    }
    /* the bars, stacked; each with its figures as a tooltip */
    size_t every = n > 12 ? (n + 11) / 12 : 1;
    for (size_t i = 0; i < n; i++) {
        double x = LEFT + slot * (double)i + (slot - bar) / 2;
        double y = TOP + plot_h;
        cs_puts(p, "<g class=\"bar\"><title>");
        cs_text(p, labels[i]);
        for (size_t s = 0; s < nseries; s++) {
            char v[48];
            if (currency) {
                char d[32];
                ks_dec_format(d, ks_money_to_dec(series[s].values[i], currency));
                snprintf(v, sizeof v, "%s %s", d, currency);
            } else {
                snprintf(v, sizeof v, "%lld", (long long)series[s].values[i]);
            }
            cs_puts(p, " · ");
            cs_text(p, series[s].name);
            cs_printf(p, ": %s", v);
        }
        cs_puts(p, "</title>");
        for (size_t s = 0; s < nseries; s++) {
            int64_t v = series[s].values[i];
            if (v <= 0)
                continue;
            double h = plot_h * (double)v / (double)top;
            if (h < 1)
                h = 1;
            y -= h;
            cs_printf(p, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                         "rx=\"2\"/>",
                      series[s].cls, x, y, bar, h);
        }
        cs_puts(p, "</g>");
        if (i % every == 0) {
            cs_printf(p, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
                      x + bar / 2, H - 8);
            cs_text(p, labels[i]);
            cs_puts(p, "</text>");
        }
    }
    cs_printf(p, "<line class=\"baseline\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT,
              W - RIGHT, TOP + plot_h, TOP + plot_h);
    if (!sum_all)
        cs_printf(p, "<text class=\"empty-chart\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                     "Nothing in this period</text>",
                  LEFT + (W - LEFT - RIGHT) / 2, TOP + (H - TOP - BOTTOM) / 2);
    cs_puts(p, "</svg>");
    /* the same figures as a table */
    cs_puts(p, "<details><summary>The figures</summary><table class=\"compact\"><caption>");
    cs_text(p, title);
    cs_puts(p, "</caption><thead><tr><th scope=\"col\">Period from</th>");
    for (size_t s = 0; s < nseries; s++) {
        cs_puts(p, "<th scope=\"col\" class=\"num\">");
        cs_text(p, series[s].name);
        cs_puts(p, "</th>");
    }
    cs_puts(p, "</tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        cs_puts(p, "<tr><th scope=\"row\">");
        cs_text(p, labels[i]);
        cs_puts(p, "</th>");
        for (size_t s = 0; s < nseries; s++) {
            cs_puts(p, "<td class=\"num\">");
            if (currency)
                cs_money(p, series[s].values[i], currency);
            else
                cs_printf(p, "%lld", (long long)series[s].values[i]);
            cs_puts(p, "</td>");
        }
        cs_puts(p, "</tr>");
    }
    cs_puts(p, "</tbody></table></details></figure>\n");
}
