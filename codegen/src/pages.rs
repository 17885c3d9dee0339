//! The Kotlin `Flow` and Swift `AsyncSequence` of each cursor-paged operation
//! (`saasus::pages::PAGED`), over the uniffi objects that hold the core's pager
//! (bindings/uniffi/src/pages.rs): `searchSaasUsersFlow`, `searchSaasUsersSequence`, … — the
//! operation's name followed by the name of the language's iterator, as in every language.

use saasus::OperationInfo;
use saasus::model::TypeRef;
use saasus::naming::{camel, group_class, pascal};
use std::fmt::Write;

pub fn files() -> Vec<(String, String)> {
    let rows = rows();
    vec![("kotlin/src/main/kotlin/io/saasus/Pages.kt".into(), kotlin(&rows)), ("swift/Sources/Saasus/Pages.swift".into(), swift(&rows))]
}

/// A paged operation as uniffi names its parts.
struct Row {
    id: &'static str,
    /// `searchSaasUsers`
    method: String,
    /// `SaasUserApi`, `ApilogApiLogApi`
    group: String,
    /// `SearchSaasUsersQuery`, `ApilogGetLogsQuery`
    input: String,
    /// `SaasUser`, `ApilogApiLog`
    item: String,
}

fn rows() -> Vec<Row> {
    let mut all = saasus::operations();
    for api in crate::types::other_apis() {
        all.extend(api.ops);
    }
    saasus::pages::PAGED
        .iter()
        .map(|p| {
            let o: &OperationInfo = all.iter().find(|o| (o.api, o.name) == (p.api, p.name)).expect("a paged operation is in the tables");
            let prefix = if p.api == "auth" { String::new() } else { pascal(p.api) };
            let named = |ty: &TypeRef| match ty {
                TypeRef::Model(info) => info().uniffi.to_string(),
                other => panic!("{}: a paged operation's input and items are models, not {other:?}", p.id),
            };
            let item = crate::types::paged_item(o).expect("a paged operation lists its items");
            Row {
                id: p.id,
                method: camel(p.name),
                group: format!("{prefix}{}", group_class(p.tag)),
                input: named(&(o.input)()),
                item: named(&item),
            }
        })
        .collect()
}

fn kotlin(rows: &[Row]) -> String {
    let mut out = crate::header("//");
    out.push_str(
        r#"package io.saasus

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/** Every item of every page of one iteration, opened anew for each collection and closed after it. */
internal inline fun <P : AutoCloseable, T> pagedFlow(crossinline open: () -> P, crossinline nextPage: suspend (P) -> List<T>?): Flow<T> = flow {
    open().use { pages ->
        while (true) {
            val page = nextPage(pages) ?: break
            for (item in page) emit(item)
        }
    }
}
"#,
    );
    for r in rows {
        let _ = write!(
            out,
            "\n/**\n * Every item of `{id}`, page after page, as a cold `Flow` (each collection starts over): `input.limit` is\n \
             * the page size, its filters go with every page, its `cursor` is where it starts. A page's error is the\n \
             * plain call's; an answer repeating a cursor is `SaasusException.Decode`, naming `cursor`.\n */\n\
             fun {group}.{method}Flow(input: io.saasus.models.{input} = io.saasus.models.{input}()): Flow<io.saasus.models.{item}> =\n    \
             pagedFlow({{ {method}Pages(input) }}, {{ it.nextPage() }})\n",
            id = r.id,
            group = r.group,
            method = r.method,
            input = r.input,
            item = r.item,
        );
    }
    out
}

fn swift(rows: &[Row]) -> String {
    let mut out = crate::header("//");
    out.push_str(
        r#"
/// Every item of a cursor-paged operation, page after page: what `searchSaasUsersSequence` and
/// the like return. Each `makeAsyncIterator()` starts an iteration of its own; a page is fetched
/// when the items before it are used up.
public struct PagedSequence<Element: Sendable>: AsyncSequence, Sendable {
    let open: @Sendable () -> @Sendable () async throws -> [Element]?

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(nextPage: open())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextPage: @Sendable () async throws -> [Element]?
        var page: [Element] = []
        var index = 0
        var done = false

        public mutating func next() async throws -> Element? {
            while index == page.count {
                if done { return nil }
                guard let next = try await nextPage() else {
                    done = true
                    return nil
                }
                (page, index) = (next, 0)
            }
            defer { index += 1 }
            return page[index]
        }
    }
}
"#,
    );
    for r in rows {
        let _ = write!(
            out,
            "\nextension {group} {{\n    \
             /// Every item of `{id}`, page after page: `input.limit` is the page size, its filters go with every\n    \
             /// page, its `cursor` is where it starts. A page's error is the plain call's; an answer repeating a\n    \
             /// cursor is `SaasusError.Decode`, naming `cursor`.\n    \
             public func {method}Sequence(_ input: {input} = {input}()) -> PagedSequence<{item}> {{\n        \
             PagedSequence {{\n            \
             let pages = self.{method}Pages(input: input)\n            \
             return {{ try await pages.nextPage() }}\n        \
             }}\n    \
             }}\n}}\n",
            id = r.id,
            group = r.group,
            method = r.method,
            input = r.input,
            item = r.item,
        );
    }
    out
}
