//! The client: `client.auth().tenant().get_tenants().await?`.

use crate::config::{Config, ConfigError};
use crate::error::Result;
use crate::operation::Operation;
use std::sync::Arc;

pub use crate::call::{CallOptions, RequestContext};

/// A client of the SaaSus API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<crate::transport::Transport>,
    pub(crate) context: Arc<RequestContext>,
    pub(crate) options: Arc<CallOptions>,
    /// Told of every successful answer's status, trace id, headers and attempts ([`Client::observing`]).
    pub(crate) observer: Option<Observer>,
    /// Where this client's calls' log events go, instead of the process's subscriber ([`Client::logging`]).
    pub(crate) dispatch: Option<tracing::Dispatch>,
}

/// What [`Client::observing`] calls with each successful answer (its value left out).
pub type Observer = Arc<dyn Fn(crate::transport::Response<()>) + Send + Sync>;

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.shared.config)
            .field("context", &self.context)
            .field("options", &self.options)
            .field("observed", &self.observer.is_some())
            .field("logging", &self.dispatch.is_some())
            .finish()
    }
}

impl Client {
    /// A client configured from `SAASUS_*` environment variables.
    pub fn from_env() -> Result<Self> {
        Ok(Self::new(Config::from_env()?)?)
    }

    /// A client with a connection pool of its own (its clones and derived clients share it).
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        crate::config::device_guard()?;
        Ok(Client {
            shared: Arc::new(crate::transport::Transport::new(config)?),
            context: Arc::default(),
            options: Arc::default(),
            observer: None,
            dispatch: None,
        })
    }

    /// A client sharing one connection pool with every other client of this process that was
    /// made this way (with the same connect timeout). For programs that run one
    /// tokio runtime for their whole life — the language bindings — where a client per request
    /// or per tenant should not mean a pool each. (A pool's connections belong to the runtime
    /// that opened them, so code that starts and drops runtimes should use [`Client::new`].)
    pub fn new_shared(config: Config) -> Result<Self, ConfigError> {
        crate::config::device_guard()?;
        Ok(Client {
            shared: Arc::new(crate::transport::Transport::shared(config)?),
            context: Arc::default(),
            options: Arc::default(),
            observer: None,
            dispatch: None,
        })
    }

    /// This client (configuration and context) with connections of the calling thread's own,
    /// shared with every client of this thread made this way. For a caller that runs each call
    /// to its end on a current-thread runtime of the calling thread, as the Python binding's
    /// blocking calls do: every step of a call then happens on that one thread, with no hand-off
    /// between threads, which on a small machine is most of a call's cost (bench/run.py).
    pub fn for_this_thread(&self) -> Result<Client, ConfigError> {
        let transport = self.shared.for_this_thread()?;
        Ok(Client { shared: Arc::new(transport), ..self.clone() })
    }

    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// A client that sends these headers with every request; it shares this client's pool.
    pub fn with_context(&self, context: RequestContext) -> Result<Client> {
        context.validate()?;
        Ok(Client { context: Arc::new(context), ..self.clone() })
    }

    pub fn context(&self) -> &RequestContext {
        &self.context
    }

    /// A client whose calls take these settings over this client's (and over options an
    /// earlier `with_options` set); it shares this client's pool and context.
    ///
    /// ```no_run
    /// # async fn demo(client: &saasus::Client) -> saasus::Result<()> {
    /// use std::time::Duration;
    /// let once = saasus::CallOptions { timeout: Some(Duration::from_secs(2)), max_retries: Some(0), ..Default::default() };
    /// let tenants = client.with_options(once)?.auth().tenant().get_tenants().await?;
    /// # Ok(()) }
    /// ```
    pub fn with_options(&self, options: CallOptions) -> Result<Client> {
        options.validate()?;
        Ok(Client { options: Arc::new(self.options.merged(options)), ..self.clone() })
    }

    pub fn options(&self) -> &CallOptions {
        &self.options
    }

    /// A client that tells `observer` the status, trace id, headers and attempts of each of its
    /// calls' successful answers, as the calls return; it shares this client's pool, context and
    /// options. For bindings whose languages have no generic `Response<T>` across their FFI (the
    /// uniffi one): the call returns its value, the observer keeps the rest.
    pub fn observing(&self, observer: Observer) -> Client {
        Client { observer: Some(observer), ..self.clone() }
    }

    /// A client whose calls' log events (target `saasus`) go to `dispatch` rather than to the
    /// process's subscriber: a logger per client, for the bindings that offer one
    /// ([`crate::log_record::Forward`]). It shares this client's pool, context and options.
    pub fn logging(&self, dispatch: tracing::Dispatch) -> Client {
        Client { dispatch: Some(dispatch), ..self.clone() }
    }

    /// The call. Only the input's serialisation and the output's decoding depend on the
    /// operation's types; what waits in between is [`Client::exchange`], compiled once.
    async fn run<O: Operation>(
        &self,
        path_args: &[&str],
        input: &O::Input,
        extra: Option<&crate::JsonObject>,
    ) -> Result<crate::transport::Response<O::Output>> {
        let request = self.shared.prepare::<O>(&self.context, &self.options, path_args, input, extra)?;
        let repeat = crate::repeat::rule(O::METHOD, input);
        self.exchange(request, crate::operation::OperationInfo::of::<O>(), repeat).await?.decode()
    }

    /// The exchange of a prepared request, under this client's subscriber if it has one.
    async fn exchange(
        &self,
        request: crate::transport::PreparedRequest,
        op: crate::operation::OperationInfo,
        repeat: crate::repeat::Repeat,
    ) -> Result<crate::transport::Answered> {
        let call = self.shared.exchange(request, &self.options, &op, repeat);
        match &self.dispatch {
            None => call.await,
            Some(dispatch) => tracing::instrument::WithSubscriber::with_subscriber(call, dispatch.clone()).await,
        }
    }

    /// The value of an answer, after the observer (if any) has seen the rest.
    pub(crate) fn observed<T>(&self, r: crate::transport::Response<T>) -> T {
        match &self.observer {
            None => r.value,
            Some(observer) => {
                let (value, rest) = r.split();
                observer(rest);
                value
            }
        }
    }

    /// A public document by URL (an ID token issuer's key set), unsigned, through this client's
    /// connections, timeouts and log.
    pub(crate) async fn fetch_public(&self, url: &str, cap: usize) -> Result<Vec<u8>> {
        let fetch = self.shared.fetch_public(url, cap);
        match &self.dispatch {
            None => fetch.await,
            Some(dispatch) => tracing::instrument::WithSubscriber::with_subscriber(fetch, dispatch.clone()).await,
        }
    }

    /// The Auth API, grouped by spec tag.
    pub fn auth(&self) -> Auth<'_> {
        Auth { client: self }
    }

    /// Calls any operation by its type: what the typed methods and every binding go through.
    pub async fn execute<O: Operation>(&self, path_args: &[&str], input: &O::Input) -> Result<O::Output> {
        Ok(self.observed(self.run::<O>(path_args, input, None).await?))
    }

    /// Like [`Client::execute`], with fields newer than this SDK sent beside the typed input:
    /// merged into the JSON body, or appended to the query string, as the operation takes. The
    /// bindings' `extra_body` / `extra_query` arguments come here.
    pub async fn execute_with_extra<O: Operation>(
        &self,
        path_args: &[&str],
        input: &O::Input,
        extra: Option<&crate::JsonObject>,
    ) -> Result<O::Output> {
        Ok(self.observed(self.run::<O>(path_args, input, extra).await?))
    }

    /// The request [`Client::execute`] would send for this operation — method, URL, body and
    /// headers, signed now with this client's credentials and context — without sending it: for
    /// an HTTP stack of your own, or to see what would go on the wire.
    ///
    /// ```
    /// # fn demo() -> saasus::Result<()> {
    /// let client = saasus::Client::new(saasus::Config::new("api-key", "secret-key", "saas-id")?)?;
    /// let req = client.prepare::<saasus::ops::GetTenant>(&["a/b"], &())?;
    /// assert_eq!(req.method(), saasus::Method::Get);
    /// assert_eq!(req.url(), "https://api.saasus.io/v1/auth/tenants/a%2Fb");
    /// assert!(req.header("authorization").unwrap().starts_with("SAASUSSIGV1 Sig="));
    /// # Ok(()) }
    /// # demo().unwrap();
    /// ```
    pub fn prepare<O: Operation>(&self, path_args: &[&str], input: &O::Input) -> Result<crate::transport::PreparedRequest> {
        self.shared.prepare::<O>(&self.context, &self.options, path_args, input, None)
    }

    /// Like [`Client::execute`], with the response's status, trace id, headers and number of
    /// attempts beside the value.
    ///
    /// ```no_run
    /// # async fn demo(client: &saasus::Client) -> saasus::Result<()> {
    /// let r = client.execute_with_response::<saasus::ops::GetTenants>(&[], &()).await?;
    /// println!("{} tenants, trace id {:?}, {} attempt(s)", r.value.tenants.len(), r.trace_id, r.attempts);
    /// # Ok(()) }
    /// ```
    pub async fn execute_with_response<O: Operation>(
        &self,
        path_args: &[&str],
        input: &O::Input,
    ) -> Result<crate::transport::Response<O::Output>> {
        self.execute_with_response_extra::<O>(path_args, input, None).await
    }

    /// [`Client::execute_with_response`] with [`Client::execute_with_extra`]'s extra fields:
    /// what the bindings' response-metadata variants call.
    pub async fn execute_with_response_extra<O: Operation>(
        &self,
        path_args: &[&str],
        input: &O::Input,
        extra: Option<&crate::JsonObject>,
    ) -> Result<crate::transport::Response<O::Output>> {
        self.run::<O>(path_args, input, extra).await
    }
}

/// The Auth API (`/auth`), one accessor per spec tag.
#[derive(Clone, Copy, Debug)]
pub struct Auth<'a> {
    client: &'a Client,
}

/// An API's accessor per tag on `$api` (a struct with a `client` field) and the tag's group
/// with its typed methods: Auth's here, every other API's through `operation::define_api!`.
macro_rules! api_groups {
    ($api:ident $(
        $tag:ident $group:ident $tag_wire:literal {
            $( $(#[doc = $doc:literal])* $id:ident $name:ident $method:ident $path:literal [$($p:ident : $pt:ident),*] $kind:ident $input:ty => $output:ty; )*
        }
    )*) => {
        impl<'a> $api<'a> {
            $(
                #[doc = concat!("Operations of the `", $tag_wire, "` tag.")]
                pub fn $tag(&self) -> $group<'a> {
                    $group { client: self.client }
                }
            )*
        }

        $(
            #[doc = concat!("Operations of the `", $tag_wire, "` tag.")]
            #[derive(Clone, Copy, Debug)]
            pub struct $group<'a> {
                pub(crate) client: &'a $crate::Client,
            }

            impl<'a> $group<'a> {
                $( $crate::client::operation_method!($(#[doc = $doc])* $id $name $path [$($p: $pt),*] $kind $input => $output); )*
            }
        )*
    };
}
pub(crate) use api_groups;

macro_rules! define_groups {
    ($($table:tt)*) => {
        api_groups!(Auth $($table)*);
    };
}

/// One typed method of a tag's group: path parameters, then the body or query, if any. `ops`
/// is the operation types' module where the macro is expanded (each API has its own).
macro_rules! operation_method {
    ($(#[doc = $doc:literal])* $id:ident $name:ident $path:literal [$($p:ident : $pt:ident),*] none $input:ty => $output:ty) => {
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = concat!("`", stringify!($id), "`: `", $path, "`")]
        pub async fn $name(&self, $($p: $crate::client::path_type!($pt)),*) -> $crate::Result<$output> {
            self.client.execute::<ops::$id>(&[$(&*$crate::operation::PathArg::text(&$p)),*], &()).await
        }
    };
    ($(#[doc = $doc:literal])* $id:ident $name:ident $path:literal [$($p:ident : $pt:ident),*] body $input:ty => $output:ty) => {
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = concat!("`", stringify!($id), "`: `", $path, "`")]
        pub async fn $name(&self, $($p: $crate::client::path_type!($pt),)* body: &$input) -> $crate::Result<$output> {
            self.client.execute::<ops::$id>(&[$(&*$crate::operation::PathArg::text(&$p)),*], body).await
        }
    };
    ($(#[doc = $doc:literal])* $id:ident $name:ident $path:literal [$($p:ident : $pt:ident),*] query $input:ty => $output:ty) => {
        $(#[doc = $doc])*
        #[doc = ""]
        #[doc = concat!("`", stringify!($id), "`: `", $path, "`")]
        pub async fn $name(&self, $($p: $crate::client::path_type!($pt),)* query: &$input) -> $crate::Result<$output> {
            self.client.execute::<ops::$id>(&[$(&*$crate::operation::PathArg::text(&$p)),*], query).await
        }
    };
}
pub(crate) use operation_method;

/// A path parameter's Rust type by its kind in the operation table: integers are `i64`, as
/// the models hold them (an unsigned one is refused when negative, before sending).
macro_rules! path_type {
    (str) => {
        &str
    };
    (int) => {
        i64
    };
    (uint) => {
        i64
    };
}
pub(crate) use path_type;

use crate::operation::ops;

crate::for_each_operation!(define_groups);
