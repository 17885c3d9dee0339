"""The contract suite's Python signer reproduces every vector of shared/spec/sigv1-vectors.json."""

import json

from conftest import SHARED
from sigv1 import authorization, signature


def test_python_signer_reproduces_every_vector():
    vectors = json.loads((SHARED / "spec" / "sigv1-vectors.json").read_text(encoding="utf-8"))
    c = vectors["credentials"]
    assert len(vectors["cases"]) == 8
    for case in vectors["cases"]:
        sig = signature(c["secret_key"], case["minute"], c["api_key"], case["method"], case["url"], case["body"].encode())
        assert sig == case["signature"], case["name"]
        assert authorization(sig, c["saas_id"], c["api_key"]) == case["authorization"], case["name"]
