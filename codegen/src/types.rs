//! Every model, enum and operation of the core, for the generators: Auth's, and each other
//! API's from the core's own lists (`for_each_api!`), so no generator keeps a list of APIs.

use saasus::OperationInfo;
use saasus::model::{Describe, EnumInfo, ModelInfo, TypeRef, UnionInfo};

pub fn all_types() -> (Vec<ModelInfo>, Vec<EnumInfo>) {
    let mut models = Vec::new();
    let mut enums = Vec::new();
    macro_rules! collect {
        ($($m:ident)* ; $($e:ident)*) => {
            $( if let TypeRef::Model(f) = <saasus::models::$m as Describe>::type_ref() { models.push(f()); } )*
            $( if let TypeRef::Enum(f) = <saasus::models::$e as Describe>::type_ref() { enums.push(f()); } )*
        };
    }
    saasus::for_each_model!(collect);
    (models, enums)
}

/// An API's tags, `(snake_case, specName)`, in table order.
pub type Tags = &'static [(&'static str, &'static str)];

/// One API but Auth: its path segment, operations, tags, and every type it defines.
pub struct Api {
    pub name: &'static str,
    pub ops: Vec<OperationInfo>,
    pub tags: Tags,
    pub models: Vec<ModelInfo>,
    pub enums: Vec<EnumInfo>,
    pub unions: Vec<UnionInfo>,
}

/// Every API but Auth, in the order the client lists them.
pub fn other_apis() -> Vec<Api> {
    let mut apis = Vec::new();
    macro_rules! types {
        ($api:ident ; $($m:ident)* ; $($e:ident)* ; $($u:ident)*) => {{
            let mut api = Api {
                name: stringify!($api),
                ops: saasus::$api::operations(),
                tags: saasus::$api::TAGS,
                models: Vec::new(),
                enums: Vec::new(),
                unions: Vec::new(),
            };
            $( if let TypeRef::Model(f) = <saasus::$api::$m as Describe>::type_ref() { api.models.push(f()); } )*
            $( if let TypeRef::Enum(f) = <saasus::$api::$e as Describe>::type_ref() { api.enums.push(f()); } )*
            $( if let TypeRef::Union(f) = <saasus::$api::$u as Describe>::type_ref() { api.unions.push(f()); } )*
            apis.push(api);
        }};
    }
    macro_rules! every {
        ($($api:ident $table:ident $types:ident),*) => { $( saasus::$types!(types); )* };
    }
    saasus::for_each_api!(every);
    apis
}

/// The type of a cursor-paged operation's items (`SaasUser`), if it pages (core/src/pages.rs).
pub fn paged_item(o: &saasus::OperationInfo) -> Option<TypeRef> {
    let paged = saasus::pages::PAGED.iter().find(|p| (p.api, p.name) == (o.api, o.name))?;
    let TypeRef::Model(info) = (o.output)() else { return None };
    match info().fields.into_iter().find(|f| f.name == paged.items)?.ty {
        TypeRef::List(item) => Some(*item),
        _ => None,
    }
}
