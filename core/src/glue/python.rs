//! Python conversions of core types (the `python` feature): JSON values ↔ Python objects, the
//! model classes' `__new__`/`__repr__`/`to_dict`, and errors as `saasus` exceptions.

use crate::error::Error;
use crate::json::JsonObject;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

/// A JSON value as plain Python: dict, list, str, int, float, bool, None.
pub fn json_to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => PyList::new(py, items.iter().map(|i| json_to_py(py, i)).collect::<PyResult<Vec<_>>>()?)?.into_any(),
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, v) in m {
                d.set_item(k, json_to_py(py, v)?)?;
            }
            d.into_any()
        }
    })
}

/// A Python value as JSON; `path` names the argument in errors (`billing_info.address`).
/// Model instances (anything with `to_dict()`) and `enum.Enum` members are accepted nested.
/// A value nested deeper than [`crate::validate::MAX_DEPTH`], or one that contains itself, is
/// refused: the walk recurses, and an unbounded one overflowed the stack (a crash, not an error).
pub fn py_to_json(obj: &Bound<'_, PyAny>, path: &str) -> Result<Value, Error> {
    Walk { seen: Vec::new() }.value(obj, path)
}

/// The containers being converted, from the outermost in: a cycle is a container met again
/// inside itself.
struct Walk {
    seen: Vec<*mut pyo3::ffi::PyObject>,
}

impl Walk {
    fn value(&mut self, obj: &Bound<'_, PyAny>, path: &str) -> Result<Value, Error> {
        let invalid =
            |rule: String| Error::InvalidArgument { field: if path.is_empty() { "arguments".into() } else { path.to_string() }, rule };
        if obj.is_none() {
            return Ok(Value::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if obj.is_instance_of::<PyInt>() {
            if let Ok(i) = obj.extract::<i64>() {
                return Ok(Value::from(i));
            }
            return Err(invalid("is an integer too large for the API (64 bits)".into()));
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let f = f.value();
            return Number::from_f64(f).map(Value::Number).ok_or_else(|| invalid("must be a finite number".into()));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return s
                .to_cow()
                .map(|s| Value::String(s.into_owned()))
                .map_err(|_| invalid("is not valid text (it holds an unpaired surrogate)".into()));
        }
        let is_dict = obj.is_instance_of::<PyDict>();
        let is_list = obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>();
        let has_to_dict = !is_dict && !is_list && obj.hasattr("to_dict").unwrap_or(false);
        if is_dict || is_list || has_to_dict {
            if self.seen.len() >= crate::validate::MAX_DEPTH {
                return Err(invalid(format!("is nested deeper than {} levels", crate::validate::MAX_DEPTH)));
            }
            if self.seen.contains(&obj.as_ptr()) {
                return Err(invalid("contains itself (a reference cycle cannot be sent as JSON)".into()));
            }
            self.seen.push(obj.as_ptr());
            let out = self.container(obj, path, is_dict, is_list);
            self.seen.pop();
            return out;
        }
        if let Ok(value) = obj.getattr("value")
            && obj.py().import("enum").and_then(|m| m.getattr("Enum")).is_ok_and(|e| obj.is_instance(&e).unwrap_or(false))
        {
            return self.value(&value, path);
        }
        let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        Err(invalid(format!("a {type_name} cannot be sent; use dict, list, str, int, float, bool, None or a saasus model")))
    }

    fn container(&mut self, obj: &Bound<'_, PyAny>, path: &str, is_dict: bool, is_list: bool) -> Result<Value, Error> {
        let invalid =
            |rule: String| Error::InvalidArgument { field: if path.is_empty() { "arguments".into() } else { path.to_string() }, rule };
        if is_dict {
            let d = obj.cast::<PyDict>().map_err(|e| invalid(e.to_string()))?;
            let mut m = Map::new();
            for (k, v) in d.iter() {
                let key = k.cast::<PyString>().map_err(|_| invalid("must have string keys".into()))?;
                let key = key.to_cow().map_err(|_| invalid("has a key that is not valid text".into()))?.into_owned();
                let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                let v = self.value(&v, &child)?;
                m.insert(key, v);
            }
            return Ok(Value::Object(m));
        }
        if is_list {
            let mut items = Vec::new();
            for (i, item) in obj.try_iter().map_err(|e| invalid(e.to_string()))?.enumerate() {
                let item = item.map_err(|e| invalid(e.to_string()))?;
                items.push(self.value(&item, &format!("{path}[{i}]"))?);
            }
            return Ok(Value::Array(items));
        }
        let d = obj.call_method0("to_dict").map_err(|e| invalid(e.to_string()))?;
        if !d.is_instance_of::<PyDict>() {
            return Err(invalid("to_dict() must return a dict".into()));
        }
        // The dict `to_dict()` made is new, so it is not on the stack: `obj` stands for it.
        self.container(&d, path, true, false)
    }
}

/// Keyword arguments as one JSON object.
pub fn kwargs_to_json(kwargs: Option<&Bound<'_, PyDict>>) -> Result<Value, Error> {
    match kwargs {
        Some(k) => py_to_json(k.as_any(), ""),
        None => Ok(Value::Object(Map::new())),
    }
}

/// A model built from keyword arguments named as its JSON fields.
/// A name the model does not have is refused, naming it, as a misspelt keyword would be.
pub fn from_kwargs<T: DeserializeOwned + crate::model::Describe>(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<T> {
    let py_err = |e: Error| match kwargs {
        Some(k) => to_py_err(k.py(), e),
        None => Python::attach(|py| to_py_err(py, e)),
    };
    let value = kwargs_to_json(kwargs).map_err(py_err)?;
    checked(value, crate::validate::Rules::CLIENT).map_err(py_err)
}

/// `value` as a `T`, checked by `rules` first (so an error names the field as the API does).
fn checked<T: DeserializeOwned + crate::model::Describe>(value: Value, rules: crate::validate::Rules) -> Result<T, Error> {
    crate::validate::check(&value, &T::type_ref(), rules).map_err(|e| Error::InvalidArgument { field: e.field, rule: e.rule })?;
    crate::decode_input(value)
}

/// A model from a dict keyed by its JSON field names, perhaps written by another version of the
/// SDK (a cache entry, a pickle): fields this version does not know are ignored, as in an API
/// answer ([`crate::validate::Rules::STORED`]); types and required fields are checked.
pub fn from_dict<T: DeserializeOwned + crate::model::Describe>(data: &Bound<'_, PyAny>) -> PyResult<T> {
    let py = data.py();
    match data.cast::<PyDict>() {
        Ok(d) => py_to_json(d.as_any(), "").and_then(|value| checked(value, crate::validate::Rules::STORED)).map_err(|e| to_py_err(py, e)),
        Err(_) => {
            let kind = data.get_type().name().map(|n| n.to_string()).unwrap_or_default();
            let rule = format!("must be a dict keyed by the JSON's field names, not {kind}");
            Err(to_py_err(py, Error::InvalidArgument { field: "data".into(), rule }))
        }
    }
}

/// A model as the API's JSON.
pub fn to_json<T: Serialize>(py: Python<'_>, value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| to_py_err(py, Error::invalid("model", e.to_string())))
}

/// A model from the API's JSON, checked as [`from_dict`] checks a dict.
pub fn from_json<T: DeserializeOwned + crate::model::Describe>(py: Python<'_>, text: &str) -> PyResult<T> {
    let value: Value = serde_json::from_str(text).map_err(|e| to_py_err(py, Error::invalid("text", format!("is not JSON: {e}"))))?;
    checked(value, crate::validate::Rules::STORED).map_err(|e| to_py_err(py, e))
}

/// A hash agreeing with the models' `==` (equal values, whatever the order of an object's
/// keys): the JSON value hashed with each object's entries in key order.
pub fn hash_of<T: Serialize>(value: &T) -> u64 {
    use std::hash::{Hash, Hasher};
    fn feed(v: &Value, h: &mut std::collections::hash_map::DefaultHasher) {
        match v {
            Value::Null => 0u8.hash(h),
            Value::Bool(b) => (1u8, b).hash(h),
            Value::Number(n) => (2u8, n.to_string()).hash(h),
            Value::String(s) => (3u8, s).hash(h),
            Value::Array(items) => {
                (4u8, items.len()).hash(h);
                items.iter().for_each(|i| feed(i, h));
            }
            Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                (5u8, entries.len()).hash(h);
                for (k, v) in entries {
                    k.hash(h);
                    feed(v, h);
                }
            }
        }
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    feed(&serde_json::to_value(value).unwrap_or(Value::Null), &mut h);
    h.finish()
}

/// Any serializable value as plain Python (what `to_dict()` returns).
pub fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(value).map_err(|e| PyTypeError::new_err(e.to_string()))?;
    json_to_py(py, &v)
}

/// `Name(field=value, …)`, each value as Python would repr it, secrets as `'***'`.
pub fn repr<T: Serialize + crate::model::Describe>(py: Python<'_>, name: &str, value: &T) -> PyResult<String> {
    let mut v = serde_json::to_value(value).map_err(|e| PyTypeError::new_err(e.to_string()))?;
    crate::redact::by_type(&mut v, &T::type_ref());
    let mut parts = Vec::new();
    if let Value::Object(m) = &v {
        for (k, v) in m {
            parts.push(format!("{k}={}", json_to_py(py, v)?.repr()?));
        }
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// An enum value as Python sees it: a member of the enum class of that name in `module` (a
/// `str` enum; a value this version does not know becomes a member of its own).
pub fn enum_value<'py>(py: Python<'py>, module: &str, enum_name: &str, value: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import(module)?.getattr(enum_name)?.call1((value,))
}

/// A union's value of a kind this version does not know: `module.class_name(kind, raw)`.
pub fn unknown_variant<'py>(py: Python<'py>, module: &str, class_name: &str, kind: &str, raw: JsonObject) -> PyResult<Bound<'py, PyAny>> {
    py.import(module)?.getattr(class_name)?.call1((kind, raw))
}

impl<'py> IntoPyObject<'py> for JsonObject {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        json_to_py(py, &Value::Object(self.0))
    }
}

impl<'py> IntoPyObject<'py> for &JsonObject {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        let d = PyDict::new(py);
        for (k, v) in &self.0 {
            d.set_item(k, json_to_py(py, v)?)?;
        }
        Ok(d.into_any())
    }
}

/// The modules of the Python package that the glue calls into, named by the binding when its
/// native module is imported (bindings/python): the core does not know the package's layout.
#[derive(Debug)]
pub struct PackageModules {
    /// Its `_from_native(class, status, type, text, message, data, trace_id)` builds the
    /// exception of an error.
    pub errors: &'static str,
    /// Its `core_schema(cls)` is a model's pydantic core schema.
    pub pydantic: &'static str,
}

static PACKAGE: std::sync::OnceLock<PackageModules> = std::sync::OnceLock::new();

/// Names the package's modules; the first registration holds.
pub fn register(modules: PackageModules) {
    let _ = PACKAGE.set(modules);
}

fn package() -> PyResult<&'static PackageModules> {
    PACKAGE.get().ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("saasus: the binding named no package modules"))
}

/// The error as the matching exception of the package (its `errors` module): the class the
/// core chose, by name.
pub fn to_py_err(py: Python<'_>, e: Error) -> PyErr {
    let v = e.view();
    let build = || -> PyResult<PyErr> {
        let factory = py.import(package()?.errors)?.getattr("_from_native")?;
        let data = match v.data {
            Some(d) => d.into_pyobject(py)?.unbind(),
            None => py.None(),
        };
        let exc = factory.call1((v.class.name, v.status, v.error_type, v.text, v.message, data, v.trace_id))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|err| err)
}

/// pydantic's core schema of a model class: the package's `pydantic` module's
/// `core_schema(cls)` (Python, since it is pydantic_core's API that builds it).
pub fn pydantic_core_schema<'py>(cls: &Bound<'py, pyo3::types::PyType>) -> PyResult<Bound<'py, PyAny>> {
    cls.py().import(package()?.pydantic)?.call_method1("core_schema", (cls,))
}

/// The model's JSON Schema ([`crate::json_schema::of`]) as Python dicts.
pub fn json_schema<T: crate::model::Describe>(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let text = crate::json_schema::of(&T::type_ref()).to_string();
    py.import("json")?.call_method1("loads", (text,))
}
