//! The machinery behind the model definitions: each model is written once with `model!` or
//! `string_enum!`, and those macros give it serde, the bindings' derives (behind features) and
//! a description that the code generator turns into TypeScript and Python type declarations.

use crate::json::JsonObject;

/// What a field's type is, in terms every target language can spell.
#[derive(Clone, Debug)]
pub enum TypeRef {
    String,
    Integer,
    Number,
    Boolean,
    /// A free-form JSON object ([`JsonObject`]).
    Json,
    /// Any JSON value.
    Any,
    /// No content (operations that answer only a status).
    Unit,
    List(Box<TypeRef>),
    /// An object whose keys are free and whose values all have this type ([`Map`]).
    Map(Box<TypeRef>),
    Optional(Box<TypeRef>),
    Model(fn() -> ModelInfo),
    Enum(fn() -> EnumInfo),
    /// One of several models, told apart by a discriminator field (`tagged_union!`).
    Union(fn() -> UnionInfo),
}

/// An object with typed values under keys of the caller's (the spec's typed
/// `additionalProperties`). A `HashMap`, the map uniffi carries to Kotlin and Swift.
pub type Map<T> = std::collections::HashMap<String, T>;

#[derive(Clone, Debug)]
pub struct UnionInfo {
    pub name: &'static str,
    /// Its name in uniffi's one namespace (Kotlin, Swift): `PricingPricingUnit`; Auth's as `name`.
    pub uniffi: &'static str,
    pub doc: &'static str,
    /// The field whose value names the variant, e.g. `type`.
    pub discriminator: &'static str,
    /// (variant name, discriminator value, the variant's model)
    pub variants: Vec<(&'static str, &'static str, TypeRef)>,
}

#[derive(Clone, Debug)]
pub struct FieldInfo {
    /// The field's name in Rust and in the bindings.
    pub name: &'static str,
    /// The field's name in the JSON (differs for query parameters such as `auth-flow`).
    pub wire: &'static str,
    pub doc: &'static str,
    pub ty: TypeRef,
    /// Whether the field carries a secret (tools/specgen.py's reviewed list): hidden wherever
    /// a value is shown, kept wherever it is serialised.
    pub secret: bool,
    /// Whether the spec says the integer (or every integer of the list) is unsigned (Go's
    /// `uint64`): held as `i64` for Kotlin's `Long` and Swift's `Int64`, refused when negative.
    pub unsigned: bool,
}

#[derive(Clone, Debug)]
pub struct ModelInfo {
    pub name: &'static str,
    /// Its name in uniffi's one namespace (Kotlin, Swift): `PricingPricingPlan`; Auth's as `name`.
    pub uniffi: &'static str,
    pub doc: &'static str,
    pub fields: Vec<FieldInfo>,
}

#[derive(Clone, Debug)]
pub struct EnumInfo {
    pub name: &'static str,
    /// Its name in uniffi's one namespace (Kotlin, Swift): `PricingCurrency`; Auth's as `name`.
    pub uniffi: &'static str,
    pub doc: &'static str,
    /// (variant name, wire value)
    pub values: Vec<(&'static str, &'static str)>,
}

/// A type the code generator can describe.
pub trait Describe {
    fn type_ref() -> TypeRef;
}

/// Optional fields are left out of the JSON sent, never sent as `null`.
pub trait Absent {
    fn is_absent(&self) -> bool {
        false
    }
}

/// How a 2xx response body becomes a result: models parse JSON, `()` ignores the body.
pub trait ResponseBody: Sized {
    fn from_body(body: &[u8]) -> serde_json::Result<Self>;
}

impl ResponseBody for () {
    fn from_body(_: &[u8]) -> serde_json::Result<Self> {
        Ok(())
    }
}

/// The integers the spec says are unsigned (`x-go-type: uint64`), checked before a request is
/// sent: every surface holds them as `i64` (Kotlin's `Long`, Swift's `Int64`, a JS number), and
/// the platform refuses a negative one. A model checks each field, with `unsigned` from the
/// field's mark; a list or a map passes the mark to its items.
pub trait Signs {
    fn check_signs(&self, unsigned: bool) -> Result<(), crate::validate::Invalid> {
        let _ = unsigned;
        Ok(())
    }
}

impl Signs for i64 {
    fn check_signs(&self, unsigned: bool) -> Result<(), crate::validate::Invalid> {
        if unsigned && *self < 0 {
            return Err(crate::validate::Invalid { field: String::new(), rule: format!("must be 0 or more (got {self})") });
        }
        Ok(())
    }
}

impl<T: Signs> Signs for Option<T> {
    fn check_signs(&self, unsigned: bool) -> Result<(), crate::validate::Invalid> {
        self.as_ref().map_or(Ok(()), |v| v.check_signs(unsigned))
    }
}

impl<T: Signs> Signs for Vec<T> {
    fn check_signs(&self, unsigned: bool) -> Result<(), crate::validate::Invalid> {
        for (i, v) in self.iter().enumerate() {
            v.check_signs(unsigned).map_err(|e| e.under(&format!("[{i}]")))?;
        }
        Ok(())
    }
}

impl<T: Signs> Signs for Map<T> {
    fn check_signs(&self, unsigned: bool) -> Result<(), crate::validate::Invalid> {
        for (k, v) in self {
            v.check_signs(unsigned).map_err(|e| e.under(k))?;
        }
        Ok(())
    }
}

impl Signs for String {}
impl Signs for i32 {}
impl Signs for f64 {}
impl Signs for bool {}
impl Signs for JsonObject {}
impl Signs for serde_json::Value {}
impl Signs for () {}

macro_rules! describe_scalar {
    ($($t:ty => $v:ident),* $(,)?) => {$(
        impl Describe for $t { fn type_ref() -> TypeRef { TypeRef::$v } }
        impl Absent for $t {}
    )*};
}
describe_scalar!(String => String, i64 => Integer, i32 => Integer, f64 => Number, bool => Boolean,
    JsonObject => Json, serde_json::Value => Any, () => Unit);

impl<T: Describe> Describe for Vec<T> {
    fn type_ref() -> TypeRef {
        TypeRef::List(Box::new(T::type_ref()))
    }
}
impl<T> Absent for Vec<T> {}

impl<T: Describe> Describe for Map<T> {
    fn type_ref() -> TypeRef {
        TypeRef::Map(Box::new(T::type_ref()))
    }
}
impl<T> Absent for Map<T> {}

impl<T: Describe> Describe for Option<T> {
    fn type_ref() -> TypeRef {
        TypeRef::Optional(Box::new(T::type_ref()))
    }
}
impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

/// A type sent and answered as a JSON value of its own: never left out when sent, decoded
/// from a response body.
macro_rules! json_body {
    ($name:ident) => {
        impl crate::model::Absent for $name {}

        impl crate::model::ResponseBody for $name {
            fn from_body(body: &[u8]) -> serde_json::Result<Self> {
                serde_json::from_slice(body)
            }
        }
    };
}
pub(crate) use json_body;

/// Defines an API model: a struct whose fields carry the JSON's own names.
///
/// A field may say `#[wire = "auth-flow"]` when its JSON name is not a Rust identifier, and
/// `#[default = None]` when it is optional, so that Kotlin and Swift callers may leave it out.
macro_rules! model {
    // Auth's models: classes of `saasus._native` in Python, records for Kotlin and Swift.
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident { $($fields:tt)* }
    ) => {
        model!(@emit (stringify!($name), stringify!($name)) [
            #[cfg_attr(feature = "python", pyo3::pyclass(get_all, frozen, eq, module = "saasus._native"))]
            #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
        ] $(#[doc = $doc])* $name { $($fields)* });
    };
    // A model with a secret field: Kotlin's `toString` and Swift's `description` come from
    // its Rust `Display`/`Debug`, which hide the secret (a data class would print it).
    (
        $(#[doc = $doc:literal])*
        @secret pub struct $name:ident { $($fields:tt)* }
    ) => {
        model!(@emit (stringify!($name), stringify!($name)) [
            #[cfg_attr(feature = "python", pyo3::pyclass(get_all, frozen, eq, module = "saasus._native"))]
            #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
            #[cfg_attr(feature = "uniffi", uniffi::export(Debug, Display))]
        ] $(#[doc = $doc])* $name { $($fields)* });
    };
    // Another API's models: classes of its own Python module (`saasus.pricing`), and records
    // named with the API's prefix (`PricingPricingPlan`) in uniffi's one namespace, since the
    // APIs name different things alike (`Error`, `User`); Kotlin and Swift alias them back.
    (
        $(#[doc = $doc:literal])*
        @python $module:literal @uniffi $uniffi:literal
        pub struct $name:ident { $($fields:tt)* }
    ) => {
        model!(@emit (stringify!($name), $uniffi) [
            #[cfg_attr(feature = "python", pyo3::pyclass(get_all, frozen, eq, module = $module))]
            #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
            #[cfg_attr(feature = "uniffi", uniffi(name = $uniffi))]
        ] $(#[doc = $doc])* $name { $($fields)* });
    };
    (
        $(#[doc = $doc:literal])*
        @python $module:literal @uniffi $uniffi:literal
        @secret pub struct $name:ident { $($fields:tt)* }
    ) => {
        model!(@emit (stringify!($name), $uniffi) [
            #[cfg_attr(feature = "python", pyo3::pyclass(get_all, frozen, eq, module = $module))]
            #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
            #[cfg_attr(feature = "uniffi", uniffi(name = $uniffi))]
            #[cfg_attr(feature = "uniffi", uniffi::export(Debug, Display))]
        ] $(#[doc = $doc])* $name { $($fields)* });
    };
    // Another API's model with a secret whose uniffi name is not its own: uniffi finds the
    // record of an exported trait by its Rust name, so the struct takes the uniffi name
    // (`ApigatewayApiKey`) and tools/specgen.py declares the API's name (`ApiKey`) as an alias
    // beside it; Python, the descriptions and `Debug` keep the API's name.
    (
        $(#[doc = $doc:literal])*
        @python $module:literal @named $shown:literal
        @secret pub struct $name:ident { $($fields:tt)* }
    ) => {
        model!(@emit ($shown, stringify!($name)) [
            #[cfg_attr(feature = "python", pyo3::pyclass(get_all, frozen, eq, module = $module, name = $shown))]
            #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
            #[cfg_attr(feature = "uniffi", uniffi::export(Debug, Display))]
        ] $(#[doc = $doc])* $name { $($fields)* });
    };
    (
        @emit ($shown:expr, $uniffi_name:expr) [$(#[$derive:meta])*]
        $(#[doc = $doc:literal])*
        $name:ident {
            $(
                $(#[doc = $fdoc:literal])*
                $(#[wire = $wire:literal])?
                $(#[default = $default:ident])?
                $(#[unsigned = $unsigned:literal])?
                $(#[secret = $secret:literal])?
                pub $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        // Default: `Model { name, ..Default::default() }` keeps compiling when a newer spec adds
        // a field (see the README's Rust section); required fields left to it are sent empty.
        #[derive(Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        $(#[$derive])*
        pub struct $name {
            $(
                $(#[doc = $fdoc])*
                $(#[serde(rename = $wire)])?
                $(#[cfg_attr(feature = "uniffi", uniffi(default = $default))])?
                #[serde(skip_serializing_if = "crate::model::Absent::is_absent")]
                pub $field: $ty,
            )*
        }
        model!(@impls ($shown, $uniffi_name) $(#[doc = $doc])* $name { $( $(#[doc = $fdoc])* $(#[wire = $wire])? $(#[unsigned = $unsigned])? $(#[secret = $secret])? $field : $ty ),* });

        /// Every field, secrets as `***`.
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct($shown)
                    $( .field(stringify!($field), &crate::model::Shown(&self.$field, false $(|| $secret)?)) )*
                    .finish()
            }
        }

        /// As `Debug`: what Kotlin's `toString` and Swift's `description` show of a model with a secret.
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(self, f)
            }
        }

        #[cfg(feature = "python")]
        #[pyo3::pymethods]
        impl $name {
            /// Builds the model from keyword arguments named as the JSON fields.
            #[new]
            #[pyo3(signature = (**kwargs))]
            fn __new__(kwargs: Option<&pyo3::Bound<'_, pyo3::types::PyDict>>) -> pyo3::PyResult<Self> {
                crate::glue::python::from_kwargs(kwargs)
            }

            fn __repr__(&self, py: pyo3::Python<'_>) -> pyo3::PyResult<String> {
                crate::glue::python::repr(py, $shown, self)
            }

            /// The model as plain dicts and lists, keyed by the JSON's field names.
            fn to_dict<'py>(&self, py: pyo3::Python<'py>) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                crate::glue::python::to_py(py, self)
            }

            /// The model from a dict keyed by the JSON's field names (what `to_dict` returns,
            /// perhaps of another version): types and required fields are checked, fields this
            /// version does not know ignored (the constructor refuses them).
            #[classmethod]
            fn from_dict(
                _cls: &pyo3::Bound<'_, pyo3::types::PyType>,
                data: &pyo3::Bound<'_, pyo3::PyAny>,
            ) -> pyo3::PyResult<Self> {
                crate::glue::python::from_dict(data)
            }

            /// The model as JSON text, as the API writes it.
            fn to_json(&self, py: pyo3::Python<'_>) -> pyo3::PyResult<String> {
                crate::glue::python::to_json(py, self)
            }

            /// The model from JSON text, as the API writes it (checked as `from_dict` checks).
            #[classmethod]
            fn from_json(_cls: &pyo3::Bound<'_, pyo3::types::PyType>, text: &str) -> pyo3::PyResult<Self> {
                crate::glue::python::from_json(_cls.py(), text)
            }

            /// Consistent with `==` (the models are immutable): usable in sets and as dict keys.
            fn __hash__(&self) -> u64 {
                crate::glue::python::hash_of(self)
            }

            /// pydantic v2: the model as a field of a pydantic model (or FastAPI's
            /// `response_model`), validated from itself or a dict, serialised as its dict.
            #[classmethod]
            fn __get_pydantic_core_schema__<'py>(
                cls: &pyo3::Bound<'py, pyo3::types::PyType>,
                _source: &pyo3::Bound<'py, pyo3::PyAny>,
                _handler: &pyo3::Bound<'py, pyo3::PyAny>,
            ) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                crate::glue::python::pydantic_core_schema(cls)
            }

            /// pydantic v2: the model's JSON Schema (for FastAPI's OpenAPI document).
            #[classmethod]
            fn __get_pydantic_json_schema__<'py>(
                cls: &pyo3::Bound<'py, pyo3::types::PyType>,
                _core_schema: &pyo3::Bound<'py, pyo3::PyAny>,
                _handler: &pyo3::Bound<'py, pyo3::PyAny>,
            ) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                crate::glue::python::json_schema::<Self>(cls.py())
            }

            /// Pickled as `from_dict(to_dict())`: Celery, multiprocessing, Django's cache.
            fn __reduce__<'py>(
                slf: &pyo3::Bound<'py, Self>,
            ) -> pyo3::PyResult<(pyo3::Bound<'py, pyo3::PyAny>, (pyo3::Bound<'py, pyo3::PyAny>,))> {
                use pyo3::types::PyAnyMethods;
                let py = slf.py();
                Ok((slf.get_type().into_any().getattr("from_dict")?, (crate::glue::python::to_py(py, slf.get())?,)))
            }
        }
    };
    (@impls ($shown:expr, $uniffi_name:expr) $(#[doc = $doc:literal])* $name:ident { $( $(#[doc = $fdoc:literal])* $(#[wire = $wire:literal])? $(#[unsigned = $unsigned:literal])? $(#[secret = $secret:literal])? $field:ident : $ty:ty ),* }) => {
        crate::model::json_body!($name);

        impl crate::model::Signs for $name {
            fn check_signs(&self, _unsigned: bool) -> Result<(), crate::validate::Invalid> {
                $(
                    crate::model::Signs::check_signs(&self.$field, false $(|| $unsigned)?)
                        .map_err(|e| e.under(crate::model::wire_name(stringify!($field), &[$($wire)?])))?;
                )*
                Ok(())
            }
        }

        impl crate::model::Describe for $name {
            fn type_ref() -> crate::model::TypeRef {
                crate::model::TypeRef::Model(|| crate::model::ModelInfo {
                    name: $shown,
                    uniffi: $uniffi_name,
                    doc: concat!($($doc, "\n",)*).trim_ascii(),
                    fields: vec![$(crate::model::FieldInfo {
                        name: stringify!($field),
                        wire: crate::model::wire_name(stringify!($field), &[$($wire)?]),
                        doc: concat!($($fdoc, "\n",)*).trim_ascii(),
                        ty: <$ty as crate::model::Describe>::type_ref(),
                        unsigned: false $(|| $unsigned)?,
                        secret: false $(|| $secret)?,
                    }),*],
                })
            }
        }
    };
}
pub(crate) use model;

/// A field as `Debug` shows it: a secret that is present as `***`, anything else as itself.
pub(crate) struct Shown<'a, T>(pub &'a T, pub bool);

impl<T: std::fmt::Debug + Absent> std::fmt::Debug for Shown<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.1 && !self.0.is_absent() { crate::redact::HIDDEN.fmt(f) } else { self.0.fmt(f) }
    }
}

pub(crate) const fn wire_name(name: &'static str, explicit: &[&'static str]) -> &'static str {
    match explicit {
        [w] => w,
        _ => name,
    }
}

/// Defines a string enum of the API. A value this SDK version does not know decodes to
/// `Unknown { value }` instead of failing the call, and is sent back unchanged.
macro_rules! string_enum {
    // Auth's enums: members of `saasus._enums` in Python, enums for Kotlin and Swift.
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident { $($values:tt)* }
    ) => {
        string_enum!(@emit "saasus._enums" (stringify!($name)) [#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]]
            $(#[doc = $doc])* $name { $($values)* });
    };
    // Another API's enums: members of its own Python module, prefixed for uniffi (see `model!`).
    (
        $(#[doc = $doc:literal])*
        @python $module:literal @uniffi $uniffi:literal
        pub enum $name:ident { $($values:tt)* }
    ) => {
        string_enum!(@emit $module ($uniffi) [
            #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
            #[cfg_attr(feature = "uniffi", uniffi(name = $uniffi))]
        ] $(#[doc = $doc])* $name { $($values)* });
    };
    (
        @emit $module:literal ($uniffi_name:expr) [$(#[$derive:meta])*]
        $(#[doc = $doc:literal])*
        $name:ident {
            $( $variant:ident = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        $(#[$derive])*
        pub enum $name {
            $( $variant, )*
            /// A value this version of the SDK does not know yet.
            Unknown { value: String },
        }
        string_enum!(@impls ($uniffi_name) $(#[doc = $doc])* $name { $( $variant = $wire ),* });

        #[cfg(feature = "python")]
        impl<'py> pyo3::IntoPyObject<'py> for $name {
            type Target = pyo3::PyAny;
            type Output = pyo3::Bound<'py, pyo3::PyAny>;
            type Error = pyo3::PyErr;
            fn into_pyobject(self, py: pyo3::Python<'py>) -> Result<Self::Output, Self::Error> {
                crate::glue::python::enum_value(py, $module, stringify!($name), self.as_str())
            }
        }
    };
    (@impls ($uniffi_name:expr) $(#[doc = $doc:literal])* $name:ident { $( $variant:ident = $wire:literal ),* }) => {
        /// No value: sent as `""`, which the API refuses, rather than a guess at one.
        impl Default for $name {
            fn default() -> Self {
                Self::Unknown { value: String::new() }
            }
        }

        impl $name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown { value } => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown { value: other.to_string() },
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(s.as_ref()))
            }
        }

        impl crate::model::Absent for $name {}
        impl crate::model::Signs for $name {}

        impl crate::model::Describe for $name {
            fn type_ref() -> crate::model::TypeRef {
                crate::model::TypeRef::Enum(|| crate::model::EnumInfo {
                    name: stringify!($name),
                    uniffi: $uniffi_name,
                    doc: concat!($($doc, "\n",)*).trim_ascii(),
                    values: vec![$( (stringify!($variant), $wire) ),*],
                })
            }
        }
    };
}
pub(crate) use string_enum;

/// Defines a `oneOf` of models told apart by a discriminator field (`type`): an enum with a
/// variant per model and `Unknown` for a discriminator value this SDK does not know, which keeps
/// the whole object so that it can be read, and sent back, unchanged.
macro_rules! tagged_union {
    (
        $(#[doc = $doc:literal])*
        @python $module:literal @uniffi $uniffi:literal
        pub enum $name:ident on $prop:literal {
            $( $variant:ident = $wire:literal => $model:ident ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[cfg_attr(feature = "uniffi", uniffi(name = $uniffi))]
        pub enum $name {
            $( $variant($model), )*
            /// A kind this version of the SDK does not know yet: its discriminator, and the object as it came.
            Unknown { kind: String, raw: crate::json::JsonObject },
        }

        /// No kind: an empty object, which the API refuses, rather than a guess at one.
        impl Default for $name {
            fn default() -> Self {
                Self::Unknown { kind: String::new(), raw: crate::json::JsonObject::default() }
            }
        }

        impl $name {
            /// The discriminator's value, e.g. `usage`.
            pub fn kind(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $wire, )*
                    Self::Unknown { kind, .. } => kind,
                }
            }
        }

        $(
            impl From<$model> for $name {
                fn from(m: $model) -> Self {
                    Self::$variant(m)
                }
            }
        )*

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    // Each variant's model carries the discriminator field itself.
                    $( Self::$variant(m) => m.serialize(s), )*
                    Self::Unknown { raw, .. } => raw.serialize(s),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                let raw = crate::json::JsonObject::deserialize(d)?;
                let kind = match raw.get($prop) {
                    Some(serde_json::Value::String(k)) => k.clone(),
                    Some(_) => return Err(D::Error::custom(concat!("`", $prop, "` must be a string"))),
                    None => return Err(D::Error::missing_field($prop)),
                };
                match kind.as_str() {
                    $( $wire => serde_json::from_value(serde_json::Value::Object(raw.0)).map(Self::$variant).map_err(D::Error::custom), )*
                    _ => Ok(Self::Unknown { kind, raw }),
                }
            }
        }

        crate::model::json_body!($name);

        impl crate::model::Signs for $name {
            fn check_signs(&self, _unsigned: bool) -> Result<(), crate::validate::Invalid> {
                match self {
                    $( Self::$variant(m) => crate::model::Signs::check_signs(m, false), )*
                    Self::Unknown { .. } => Ok(()),
                }
            }
        }

        // In Python, the variant's class, or `Unknown<Name>(kind, raw)` from the API's module.
        #[cfg(feature = "python")]
        impl<'py> pyo3::IntoPyObject<'py> for $name {
            type Target = pyo3::PyAny;
            type Output = pyo3::Bound<'py, pyo3::PyAny>;
            type Error = pyo3::PyErr;
            fn into_pyobject(self, py: pyo3::Python<'py>) -> Result<Self::Output, Self::Error> {
                match self {
                    $( Self::$variant(m) => pyo3::Bound::new(py, m).map(pyo3::Bound::into_any), )*
                    Self::Unknown { kind, raw } => {
                        crate::glue::python::unknown_variant(py, $module, concat!("Unknown", stringify!($name)), &kind, raw)
                    }
                }
            }
        }

        impl crate::model::Describe for $name {
            fn type_ref() -> crate::model::TypeRef {
                crate::model::TypeRef::Union(|| crate::model::UnionInfo {
                    name: stringify!($name),
                    uniffi: $uniffi,
                    doc: concat!($($doc, "\n",)*).trim_ascii(),
                    discriminator: $prop,
                    variants: vec![$( (stringify!($variant), $wire, <$model as crate::model::Describe>::type_ref()) ),*],
                })
            }
        }
    };
}
pub(crate) use tagged_union;
