"""Django's Redis cache, with one Redis client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache
operation, and redis-py fills a table of response callbacks (some 170 entries) in each
constructor: about 0.2 ms of CPU per operation, a dozen times on a signed-in page
(issue 20's profile of the minimal page). The client holds no state of its own beyond
its pool, and redis-py makes clients safe to share between threads, so one per pool is
kept and reused. Pools are still created by Django, lazily, in each worker process.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``ReusedRedisCacheClient``."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
