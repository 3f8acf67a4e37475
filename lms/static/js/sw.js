// The service worker of Impact LMS (issue 19.1), served at /sw.js by lms.pwa, which puts
// `self.IMPACT_SW = {version, shell, prefixes}` on the line before this one.
//
// - The shell (CSS, scripts, icon) is cached when the worker installs: cache first.
// - Pages: network first; offline, the copy a trainee saved ("Save this course for
//   offline", offline.js) from their own cache, `impact-offline-u<user id>`, else the
//   "you are offline" page they saved with it. A saved page fetched online refreshes
//   its copy.
// - Images and transcripts a trainee saved: from their cache first (no data spent).
// - Nothing else is stored: POSTs, JSON and the admin always go to the network.
/* global self, caches, fetch, Response, URL */
"use strict";

var CONFIG = self.IMPACT_SW || { version: "dev", shell: [], prefixes: [] };
var SHELL = "impact-shell-" + CONFIG.version;
var USER_PREFIX = "impact-offline-u";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      return cache.addAll(CONFIG.shell);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("impact-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function userCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(USER_PREFIX) === 0; });
  });
}

// The saved copy of `request` in a trainee's cache, or undefined.
function fromUserCaches(request) {
  return userCaches().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (response) {
        if (response) return response;
        return caches.open(name).then(function (cache) { return cache.match(request); });
      });
    }, Promise.resolve(undefined));
  });
}

// Replace the saved copy of `request`, in the caches that hold one, with `response`.
function refreshSaved(request, response) {
  return userCaches().then(function (names) {
    return Promise.all(names.map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.match(request).then(function (old) {
          if (old) return cache.put(request, response.clone());
        });
      });
    }));
  });
}

function offlinePagePath(url) {
  var first = url.pathname.split("/")[1];
  var prefix = CONFIG.prefixes.indexOf(first) >= 0 ? "/" + first : "";
  return prefix + "/learn/offline/";
}

function offlineResponse(url) {
  return fromUserCaches(new URL(offlinePagePath(url), url.origin).href).then(function (page) {
    return page || new Response("Offline", {
      status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
    });
  });
}

function isSkipped(url) {
  return url.origin !== self.location.origin ||
    url.pathname.indexOf("/admin/") === 0 ||
    url.pathname.indexOf("/django-admin/") === 0 ||
    /\/offline\.json$|\/learn\/offline\/sync\/$/.test(url.pathname);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (isSkipped(url)) return;

  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(
      caches.match(request).then(function (hit) {
        return hit || fetch(request);
      })
    );
    return;
  }

  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok && !response.redirected) {
          event.waitUntil(refreshSaved(request, response.clone()));
        }
        return response;
      }).catch(function () {
        return fromUserCaches(request).then(function (saved) {
          return saved || offlineResponse(url);
        });
      })
    );
    return;
  }

  // Media and documents: what a trainee saved, else the network.
  event.respondWith(
    fromUserCaches(request).then(function (saved) {
      return saved || fetch(request);
    })
  );
});
