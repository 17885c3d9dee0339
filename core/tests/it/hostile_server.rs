//! What the client does when the server misbehaves: redirects are not followed (a signed
//! request, and a 307's body, would go wherever `Location` points), and an answer larger than
//! `max_response_bytes` fails without being read whole. A bare listener plays the server, since
//! the emulator never does either.

use saasus::models::CreateTenantParam;
use saasus::{Client, Config, Error};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Reads one request's head (and whatever body came with it).
async fn read_request(sock: &mut TcpStream) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut seen = Vec::new();
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match sock.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

fn client(addr: std::net::SocketAddr) -> Client {
    let config = Config::new("api-key", "secret-key", "saas-id").unwrap().with_base_url(format!("http://{addr}/v1")).unwrap();
    Client::new(config.with_max_retries(0).unwrap()).unwrap()
}

fn tenant() -> CreateTenantParam {
    CreateTenantParam { name: "Acme".into(), attributes: Default::default(), back_office_staff_email: "ops@acme.example".into() }
}

#[tokio::test]
async fn a_redirect_is_an_api_error_and_is_not_followed() {
    // Where the redirect points: counts the connections it gets.
    let elsewhere = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let elsewhere_addr = elsewhere.local_addr().unwrap();
    let reached = Arc::new(AtomicUsize::new(0));
    let counter = reached.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = elsewhere.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            read_request(&mut sock).await;
            let _ = sock.write_all(b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\ncontent-type: application/json\r\n\r\n{}").await;
        }
    });
    let server = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = server.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = server.accept().await {
            read_request(&mut sock).await;
            let head = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nlocation: http://{elsewhere_addr}/v1/auth/tenants\r\nx-saasus-trace-id: t-307\r\ncontent-length: 0\r\n\r\n"
            );
            let _ = sock.write_all(head.as_bytes()).await;
        }
    });
    let c = client(addr);
    let err = c.auth().tenant().create_tenant(&tenant()).await.unwrap_err();
    assert_eq!(err.status(), Some(307), "{err}");
    assert_eq!(err.trace_id(), Some("t-307"));
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    let err = c.auth().tenant().get_tenants().await.unwrap_err();
    assert_eq!(err.status(), Some(307), "{err}");
    assert_eq!(reached.load(Ordering::SeqCst), 0, "the redirect's target was never contacted");
}

/// Serves 200 with `total` bytes of body (announced, or chunked without a length) and returns
/// how many body bytes it managed to write before the client hung up.
async fn huge_answer(announce_length: bool, total: usize) -> (Client, tokio::task::JoinHandle<usize>) {
    let server = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = server.local_addr().unwrap();
    let written = tokio::spawn(async move {
        let (mut sock, _) = server.accept().await.unwrap();
        read_request(&mut sock).await;
        let head = if announce_length {
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {total}\r\n\r\n")
        } else {
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_string()
        };
        if sock.write_all(head.as_bytes()).await.is_err() {
            return 0;
        }
        let chunk = vec![b' '; 64 * 1024];
        let mut written = 0;
        while written < total {
            let ok = if announce_length {
                sock.write_all(&chunk).await.is_ok()
            } else {
                let framed = [format!("{:x}\r\n", chunk.len()).into_bytes(), chunk.clone(), b"\r\n".to_vec()].concat();
                sock.write_all(&framed).await.is_ok()
            };
            if !ok {
                break;
            }
            written += chunk.len();
        }
        written
    });
    (client(addr), written)
}

#[tokio::test]
async fn an_answer_larger_than_the_cap_fails_without_being_read_whole() {
    const TOTAL: usize = 256 * 1024 * 1024;
    for announce_length in [true, false] {
        let (c, written) = huge_answer(announce_length, TOTAL).await;
        let err = c.auth().tenant().get_tenants().await.unwrap_err();
        assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
        assert!(err.to_string().contains("larger than max_response_bytes (8388608 bytes)"), "{err}");
        drop(c);
        let written = written.await.unwrap();
        assert!(written < TOTAL / 2, "the server wrote {written} of {TOTAL} bytes (length announced: {announce_length})");
    }
}

#[tokio::test]
async fn the_cap_is_configurable() {
    let config = Config::new("k", "s", "id").unwrap();
    assert_eq!(config.max_response_bytes, saasus::config::DEFAULT_MAX_RESPONSE_BYTES);
    assert_eq!(config.clone().with_max_response_bytes(100).unwrap_err().field, "max_response_bytes");
    // A small answer under a raised or lowered cap.
    let server = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = server.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = server.accept().await {
            read_request(&mut sock).await;
            let body = format!("{{\"tenants\": [], \"pad\": \"{}\"}}", "x".repeat(2000));
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
            let _ = sock.write_all(format!("{head}{body}").as_bytes()).await;
        }
    });
    let base = config.with_base_url(format!("http://{addr}/v1")).unwrap().with_max_retries(0).unwrap();
    let small = Client::new(base.clone().with_max_response_bytes(1024).unwrap()).unwrap();
    assert!(small.auth().tenant().get_tenants().await.unwrap_err().to_string().contains("max_response_bytes (1024 bytes)"));
    let large = Client::new(base.with_max_response_bytes(4096).unwrap()).unwrap();
    assert!(large.auth().tenant().get_tenants().await.unwrap().tenants.is_empty());
}
