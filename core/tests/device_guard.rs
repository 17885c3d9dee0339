//! The device guard, on the host as on a device (`simulate_device`: iOS and Android cannot be
//! built here): a secret-key client is refused, with an error that says why and what to use
//! instead, until the process opts in. Its own binary, apart from tests/it: both switches are
//! process-wide.

#[test]
fn a_secret_key_client_is_refused_on_a_device_until_the_process_opts_in() {
    assert!(!saasus::config::on_device(), "a host is no device until it simulates one");
    saasus::Client::new(saasus::Config::new("api-key", "secret-key", "saas-id").unwrap()).expect("a host holds the key");
    saasus::config::simulate_device();
    assert!(saasus::config::on_device());
    let config = || saasus::Config::new("api-key", "secret-key", "saas-id").unwrap();
    for refused in [saasus::Client::new(config()).unwrap_err(), saasus::Client::new_shared(config()).unwrap_err()] {
        assert_eq!(refused.field, "secret_key");
        assert!(refused.rule.contains("anyone who unpacks the app"), "{}", refused.rule);
        assert!(refused.rule.contains("AppSession"), "it says what to use instead: {}", refused.rule);
        assert!(!refused.to_string().contains("secret-key"), "the key itself is never in the error");
    }
    // The app session needs no key, so it is built on a device as anywhere.
    saasus::app::AppSession::in_memory(saasus::app::AppSessionOptions::new("https://api.example.com/app")).unwrap();
    saasus::config::allow_secret_key_on_device();
    saasus::Client::new(config()).expect("an internal tool that opted in");
}
