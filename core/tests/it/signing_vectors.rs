//! The signer reproduces every vector of shared/spec/sigv1-vectors.json.

use crate::common;

use saasus::signing::{self, Minute};

#[test]
fn signer_reproduces_every_vector() {
    let path = common::shared_dir().join("spec/sigv1-vectors.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("the signing vectors at {}: {e}", path.display()));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let creds = &v["credentials"];
    let (key, secret, saas) =
        (creds["api_key"].as_str().unwrap(), creds["secret_key"].as_str().unwrap(), creds["saas_id"].as_str().unwrap());
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 8);
    for case in cases {
        let s = |k: &str| case[k].as_str().unwrap();
        let minute = Minute::parse(s("minute")).unwrap();
        let url = signing::url_without_scheme(s("url"));
        let msg = signing::message(minute, key, s("method"), url, s("body").as_bytes());
        assert_eq!(String::from_utf8(msg).unwrap(), s("signed_message"), "{}", s("name"));
        let sig = signing::signature(secret, minute, key, s("method"), url, s("body").as_bytes());
        assert_eq!(sig, s("signature"), "{}", s("name"));
        assert_eq!(signing::authorization(&sig, saas, key), s("authorization"), "{}", s("name"));
    }
}
