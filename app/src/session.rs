//! Who is signed in, as the browser knows it. Asked of the server once on start
//! (`who_am_i`) and updated on sign-in and sign-out. This is for showing the right pages;
//! the server checks every call itself.

use leptos::prelude::*;

use crate::api::public::auth::who_am_i;
use crate::model::auth::Me;

#[derive(Clone, Copy)]
pub struct Session {
    /// `None` until the server has answered.
    pub me: RwSignal<Option<Option<Me>>>,
}

impl Session {
    pub fn signed_in(&self, me: Me) {
        self.me.set(Some(Some(me)));
    }

    pub fn signed_out(&self) {
        self.me.set(Some(None));
    }

    /// Asks the server again, e.g. after the member level changed. Keeps the current
    /// value until the answer comes, so pages do not flash.
    pub fn refresh(&self) {
        let me = self.me;
        leptos::task::spawn_local(async move {
            if let Ok(answer) = who_am_i().await {
                me.set(Some(answer));
            }
        });
    }
}

pub fn provide_session() {
    let session = Session {
        me: RwSignal::new(None),
    };
    provide_context(session);
    leptos::task::spawn_local(async move {
        // A failed check counts as signed out; the sign-in page is the way back in.
        let me = who_am_i().await.ok().flatten();
        session.me.set(Some(me));
    });
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
