#!/usr/bin/env python3
"""Writes reference matrices from segno into Tests/PasserelleQRCodeTests/Fixtures/.

Run:  python3 -m venv .venv-qr && .venv-qr/bin/pip install segno==1.6.6
      .venv-qr/bin/python scripts/qrcode/make_fixtures.py

segno 1.6.6 adds a whole 0x00 codeword when the bit stream is already on a
codeword boundary after the terminator (heuer/segno issue #148, open), which
ISO/IEC 18004:2015 §7.4.10 does not allow. It is patched below with the fix
proposed in that issue so the reference follows the standard.
"""
import pathlib
import segno
from segno import encoder, consts

def _write_padding_bits(buff, version, length):
    if version not in (consts.VERSION_M1, consts.VERSION_M3):
        buff.extend([0] * (-length % 8))  # ISO 18004 §7.4.10: none if aligned

encoder.write_padding_bits = _write_padding_bits

ALNUM = set('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:')
OUT = pathlib.Path(__file__).resolve().parent.parent.parent / 'Tests' / 'PasserelleQRCodeTests' / 'Fixtures'


def whole_string_mode(text):
    """The same rule as PasserelleQRCode: numeric, else alphanumeric, else byte (UTF-8)."""
    if text and all('0' <= c <= '9' for c in text):
        return 'numeric'
    if text and all(c in ALNUM for c in text):
        return 'alphanumeric'
    return 'byte'


URL = 'https://passerelle.example/c/GDW4V-CNPG4-W'
LOREM = ('Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod '
         'tempor incididunt ut labore et dolore magna aliqua. ')
CASES = [
    ('01234567', 'LMQH'),
    ('HELLO WORLD', 'LMQH'),
    ('GDW4V-CNPG4-W', 'LMQH'),
    (URL, 'LMQH'),
    ('Théâtre à Lyon – séance 20 h', 'MH'),
    ('known', 'L'),                       # byte-aligned after terminator (issue #148)
    ('1' * 400, 'M'),                     # numeric, larger version
    (LOREM[:120], 'M'),                   # byte, version 7 (first with version info)
    ((LOREM * 2)[:200], 'M'),             # byte, version 10
    ('HTTPS://PASSERELLE.EXAMPLE/C/' + 'GDW4V-CNPG4-W/' * 46, 'Q'),  # alnum, version 20
    ((LOREM * 25)[:1250], 'H'),           # byte, version 40 at H
    ((LOREM * 25)[:2900], 'L'),           # byte, version 40 at L
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob('*.txt'):
        old.unlink()
    for index, (text, levels) in enumerate(CASES):
        mode = whole_string_mode(text)
        for level in levels:
            qr = segno.make(text, error=level.lower(), boost_error=False, mode=mode,
                               encoding='utf-8' if mode == 'byte' else None, micro=False)
            rows = [''.join('1' if m else '0' for m in row) for row in qr.matrix]
            name = OUT / f'case{index:02d}-{level}.txt'
            name.write_text('\n'.join([
                f'text-utf8-hex: {text.encode("utf-8").hex()}',
                f'level: {level}',
                f'mode: {mode}',
                f'version: {qr.version}',
                f'mask: {qr.mask}',
                *rows,
            ]) + '\n')
            print(name.name, qr.designator, 'mask', qr.mask, mode)
    # Table 9 block structure and Annex E alignment centres, for every version × level.
    lines = []
    for version in range(1, 41):
        for level, constant in zip('LMQH', (consts.ERROR_LEVEL_L, consts.ERROR_LEVEL_M,
                                            consts.ERROR_LEVEL_Q, consts.ERROR_LEVEL_H)):
            groups = consts.ECC[version][constant]
            blocks = sum(g.num_blocks for g in groups)
            ec_per_block = groups[0].num_total - groups[0].num_data
            data = sum(g.num_blocks * g.num_data for g in groups)
            lines.append(f'{version} {level} {blocks} {ec_per_block} {data}')
    (OUT / 'tables' ).mkdir(exist_ok=True)
    (OUT / 'tables' / 'error-correction.tsv').write_text(
        '# version level blocks ec-codewords-per-block data-codewords (segno consts.ECC)\n'
        + '\n'.join(lines) + '\n')
    alignment = [' '.join(map(str, p)) for p in consts.ALIGNMENT_POS]
    (OUT / 'tables' / 'alignment.tsv').write_text(
        '# alignment centres for versions 2...40 (segno consts.ALIGNMENT_POS)\n'
        + '\n'.join(alignment) + '\n')


if __name__ == '__main__':
    main()
