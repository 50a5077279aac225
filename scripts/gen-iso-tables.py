#!/usr/bin/python3
"""Regenerates src/core/iso_tables.inc from Debian's iso-codes JSON files."""
import json

BASE = '/usr/share/iso-codes/json/'
countries = sorted(x['alpha_2'] for x in json.load(open(BASE + 'iso_3166-1.json'))['3166-1'])
codes = sorted(x['alpha_3'] for x in json.load(open(BASE + 'iso_4217.json'))['4217'])
# ISO 4217 minor units: 2 unless listed here (amendment list published by SIX Financial).
zero = {'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND',
        'VUV', 'XAF', 'XOF', 'XPF'}
three = {'BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'}
four = {'CLF', 'UYW'}
# precious metals, funds and testing codes are not payment currencies
skip = {'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX',
        'BOV', 'CHE', 'CHW', 'COU', 'MXV', 'USN', 'USS'}
langs = sorted({x['alpha_2'] for x in json.load(open(BASE + 'iso_639-2.json'))['639-2']
                if 'alpha_2' in x})

out = ["/* iso_tables.inc — generated from Debian's iso-codes 4.15 (ISO 3166-1, ISO 4217, ISO 639-1),\n"
       " * with minor units from the ISO 4217 amendment list (SIX Financial). Regenerate with\n"
       " * scripts/gen-iso-tables.py; do not edit by hand. */\n",
       'static const char *const iso_countries[] = {']
for i in range(0, len(countries), 16):
    out.append('    ' + ', '.join('"%s"' % x for x in countries[i:i + 16]) + ',')
out.append('};\n')
out.append('static const struct { const char code[4]; unsigned char minor; } iso_currencies[] = {')
row = ['{"%s", %d}' % (x, 0 if x in zero else 3 if x in three else 4 if x in four else 2)
       for x in codes if x not in skip]
for i in range(0, len(row), 8):
    out.append('    ' + ', '.join(row[i:i + 8]) + ',')
out.append('};\n')
out.append('static const char *const iso_languages[] = {')
for i in range(0, len(langs), 16):
    out.append('    ' + ', '.join('"%s"' % x for x in langs[i:i + 16]) + ',')
out.append('};')
open('src/core/iso_tables.inc', 'w').write('\n'.join(out) + '\n')
