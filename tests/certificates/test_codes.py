import re

from certificates.codes import ALPHABET, BITS, new_code, normalise


def test_codes_carry_100_random_bits_in_five_groups():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    assert BITS >= 80
    for code in codes:
        assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", code)
        assert set(code.replace("-", "")) <= set(ALPHABET)


def test_typed_codes_are_forgiving():
    code = "7K3M-Q9TX-2HDF-W4NB-8RZC"
    assert normalise(" 7k3m q9tx 2hdf w4nb 8rzc ") == code
    assert normalise("7K3MQ9TX2HDFW4NB8RZC") == code
    # I and L read as 1, O as 0.
    assert normalise("IK3M-Q9TX-2HDF-W4NB-8RZO") == "1K3M-Q9TX-2HDF-W4NB-8RZ0"
    assert normalise("TOO-SHORT") is None
    assert normalise("UUUU-UUUU-UUUU-UUUU-UUUU") is None
