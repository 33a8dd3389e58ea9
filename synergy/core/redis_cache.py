"""Django's Redis cache, with one Redis client per cache instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call, and
building one fills a table of some 170 response callbacks. A page that reads its session, two
fragments' generations and the fragments themselves made four of them, about a quarter of the
time a cached page takes. A ``redis.Redis`` is safe to share between threads (each command
takes a connection from the pool for its own use); Django already keeps one cache object per
thread, each with its own connection pool, so the client is kept beside the pool it uses.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
