//! What the command prints: the answer as JSON on stdout (indented on a terminal, one line when
//! piped, nothing for an operation that answers only a status), an error as JSON on stderr with
//! the exit code of its class.

use crate::exit;
use saasus::ErrorKind;
use serde_json::{Value, json};
use std::io::{IsTerminal, Write};

fn print(mut to: impl Write, value: &Value, pretty: bool) {
    let text = if pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) };
    // A closed pipe (`saasus … | head`) is not an error of the command's.
    let _ = writeln!(to, "{}", text.unwrap_or_default());
}

pub(crate) fn answer(value: &Value) {
    if value.is_null() {
        return;
    }
    let out = std::io::stdout();
    let pretty = out.is_terminal();
    print(out.lock(), value, pretty);
}

/// Prints `e` as `{"error": {…}}` on stderr; the exit code of its class.
pub(crate) fn error(e: &saasus::Error) -> i32 {
    let v = e.view();
    let body = json!({ "error": {
        "kind": v.kind.as_str(),
        "class": v.class.name,
        "status": v.status,
        "type": v.error_type,
        "message": v.message,
        "trace_id": v.trace_id,
    }});
    let err = std::io::stderr();
    let pretty = err.is_terminal();
    print(err.lock(), &body, pretty);
    match v.kind {
        ErrorKind::Config => exit::CONFIG,
        ErrorKind::InvalidArgument => exit::INVALID_ARGUMENT,
        ErrorKind::Api => match v.status {
            Some(429) | Some(500..) => exit::SERVER_ERROR,
            _ => exit::CLIENT_ERROR,
        },
        ErrorKind::Transport | ErrorKind::Timeout => exit::TRANSPORT,
        ErrorKind::OutcomeUnknown => exit::OUTCOME_UNKNOWN,
        ErrorKind::Decode => exit::DECODE,
    }
}
