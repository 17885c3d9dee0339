//! The machinery behind the model definitions: each model is written once with [`model!`] or
//! [`string_enum!`], and those macros give it serde, the bindings' derives (behind features) and
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
    /// One of several models, told apart by a discriminator field ([`tagged_union!`]).
    Union(fn() -> UnionInfo),
}

/// An object with typed values under keys of the caller's (the spec's typed
/// `additionalProperties`). A `HashMap`, the map uniffi carries to Kotlin and Swift.
pub type Map<T> = std::collections::HashMap<String, T>;

#[derive(Clone, Debug)]
pub struct UnionInfo {
    pub name: &'static str,
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
}

#[derive(Clone, Debug)]
pub struct ModelInfo {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: Vec<FieldInfo>,
}

#[derive(Clone, Debug)]
pub struct EnumInfo {
    pub name: &'static str,
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
        model!(@emit "saasus._native" [#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]]
            $(#[doc = $doc])* $name { $($fields)* });
    };
    // Another API's models: classes of its own Python module (`saasus.pricing`), and records
    // named with the API's prefix (`PricingPricingPlan`) in uniffi's one namespace, since the
    // APIs name different things alike (`Error`, `User`); Kotlin and Swift alias them back.
    (
        $(#[doc = $doc:literal])*
        @python $module:literal @uniffi $uniffi:literal
        pub struct $name:ident { $($fields:tt)* }
    ) => {
        model!(@emit $module [
            #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
            #[cfg_attr(feature = "uniffi", uniffi(name = $uniffi))]
        ] $(#[doc = $doc])* $name { $($fields)* });
    };
    (
        @emit $module:literal [$(#[$derive:meta])*]
        $(#[doc = $doc:literal])*
        $name:ident {
            $(
                $(#[doc = $fdoc:literal])*
                $(#[wire = $wire:literal])?
                $(#[default = $default:ident])?
                pub $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        // Default: `Model { name, ..Default::default() }` keeps compiling when a newer spec adds
        // a field (see the README's Rust section); required fields left to it are sent empty.
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        $(#[$derive])*
        #[cfg_attr(feature = "python", pyo3::pyclass(get_all, frozen, eq, module = $module))]
        pub struct $name {
            $(
                $(#[doc = $fdoc])*
                $(#[serde(rename = $wire)])?
                $(#[cfg_attr(feature = "uniffi", uniffi(default = $default))])?
                #[serde(skip_serializing_if = "crate::model::Absent::is_absent")]
                pub $field: $ty,
            )*
        }
        model!(@impls $(#[doc = $doc])* $name { $( $(#[doc = $fdoc])* $(#[wire = $wire])? $field : $ty ),* });

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
                crate::glue::python::repr(py, stringify!($name), self)
            }

            /// The model as plain dicts and lists, keyed by the JSON's field names.
            fn to_dict<'py>(&self, py: pyo3::Python<'py>) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                crate::glue::python::to_py(py, self)
            }

            /// The model from a dict keyed by the JSON's field names (what `to_dict` returns),
            /// checked as the constructor checks its keyword arguments.
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

            /// The model from JSON text, as the API writes it.
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
    (@impls $(#[doc = $doc:literal])* $name:ident { $( $(#[doc = $fdoc:literal])* $(#[wire = $wire:literal])? $field:ident : $ty:ty ),* }) => {
        crate::model::json_body!($name);

        impl crate::model::Describe for $name {
            fn type_ref() -> crate::model::TypeRef {
                crate::model::TypeRef::Model(|| crate::model::ModelInfo {
                    name: stringify!($name),
                    doc: concat!($($doc, "\n",)*).trim_ascii(),
                    fields: vec![$(crate::model::FieldInfo {
                        name: stringify!($field),
                        wire: crate::model::wire_name(stringify!($field), &[$($wire)?]),
                        doc: concat!($($fdoc, "\n",)*).trim_ascii(),
                        ty: <$ty as crate::model::Describe>::type_ref(),
                    }),*],
                })
            }
        }
    };
}
pub(crate) use model;

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
        string_enum!(@emit "saasus._enums" [#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]]
            $(#[doc = $doc])* $name { $($values)* });
    };
    // Another API's enums: members of its own Python module, prefixed for uniffi (see `model!`).
    (
        $(#[doc = $doc:literal])*
        @python $module:literal @uniffi $uniffi:literal
        pub enum $name:ident { $($values:tt)* }
    ) => {
        string_enum!(@emit $module [
            #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
            #[cfg_attr(feature = "uniffi", uniffi(name = $uniffi))]
        ] $(#[doc = $doc])* $name { $($values)* });
    };
    (
        @emit $module:literal [$(#[$derive:meta])*]
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
        string_enum!(@impls $(#[doc = $doc])* $name { $( $variant = $wire ),* });

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
    (@impls $(#[doc = $doc:literal])* $name:ident { $( $variant:ident = $wire:literal ),* }) => {
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

        impl crate::model::Describe for $name {
            fn type_ref() -> crate::model::TypeRef {
                crate::model::TypeRef::Enum(|| crate::model::EnumInfo {
                    name: stringify!($name),
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
                    doc: concat!($($doc, "\n",)*).trim_ascii(),
                    discriminator: $prop,
                    variants: vec![$( (stringify!($variant), $wire, <$model as crate::model::Describe>::type_ref()) ),*],
                })
            }
        }
    };
}
pub(crate) use tagged_union;
