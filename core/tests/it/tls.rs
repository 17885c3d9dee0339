//! TLS as the client speaks it (the emulator serves plain HTTP, so a bare TLS listener here):
//! the one configuration shared by every pool offers HTTP/2 and HTTP/1.1, and verifies the
//! server's certificate against the platform's roots — a self-signed one is refused.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use saasus::{Client, Config, Error};
use std::net::TcpListener;
use std::sync::Arc;

/// What the listener saw of the client: the ALPN protocols it offered, and how the handshake ended.
struct Seen {
    alpn: Vec<Vec<u8>>,
    handshake: Result<(), String>,
}

/// Accepts one connection on `listener` and runs a TLS handshake with the untrusted certificate.
fn serve_once(listener: TcpListener) -> Seen {
    let (mut sock, _) = listener.accept().unwrap();
    let mut acceptor = rustls::server::Acceptor::default();
    let accepted = loop {
        acceptor.read_tls(&mut sock).unwrap();
        if let Some(accepted) = acceptor.accept().map_err(|(e, _)| e).unwrap() {
            break accepted;
        }
    };
    let alpn = accepted.client_hello().alpn().map(|protocols| protocols.map(<[u8]>::to_vec).collect()).unwrap_or_default();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let certs = CertificateDer::pem_file_iter(format!("{dir}/untrusted-cert.pem")).unwrap().collect::<Result<Vec<_>, _>>().unwrap();
    let key = PrivateKeyDer::from_pem_file(format!("{dir}/untrusted-key.pem")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let mut conn = accepted.into_connection(Arc::new(config)).map_err(|(e, _)| e).unwrap();
    let mut handshake = Ok(());
    while conn.is_handshaking() {
        if let Err(e) = conn.complete_io(&mut sock) {
            handshake = Err(e.to_string());
            break;
        }
    }
    Seen { alpn, handshake }
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused_and_http2_is_offered() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || serve_once(listener));

    let config = Config::new("test-api-key-0001", "test-secret-key-do-not-use", "98a48e6f-0b4d-4a5d-9c2f-123456789abc")
        .unwrap()
        .with_base_url(format!("https://127.0.0.1:{port}/v1"))
        .unwrap()
        .with_max_retries(0)
        .unwrap();
    let err = Client::new(config).unwrap().auth().tenant().get_tenants().await.unwrap_err();
    let Error::Transport { message, .. } = &err else { panic!("expected a transport error, got {err:?}") };
    assert!(message.to_lowercase().contains("certificate"), "the error should say the certificate was refused: {message}");

    let seen = server.join().unwrap();
    assert_eq!(seen.alpn, vec![b"h2".to_vec(), b"http/1.1".to_vec()]);
    assert!(seen.handshake.is_err(), "the client must not complete a handshake with an untrusted certificate");
}
