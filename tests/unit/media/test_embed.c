/* Embedded players: every address a journalist is likely to paste gives
 * the provider and id, anything else (another host, a crafted id, a
 * player address on a lookalike host) is refused with a sentence. */
#include "media_test_support.h"

static void assert_parsed(const char *url, media_embed_t expected_provider,
                          const char *expected_id)
{
    media_embed_t provider = MEDIA_EMBED_COUNT;
    gz_buf_t id = GZ_BUF_INIT, message = GZ_BUF_INIT;
    if (media_embed_parse_url(url, &provider, &id, &message) != GZ_OK)
        fail_msg("%s: %s", url, gz_buf_cstr(&message));
    assert_int_equal(provider, expected_provider);
    assert_string_equal(gz_buf_cstr(&id), expected_id);
    gz_buf_free(&id);
    gz_buf_free(&message);
}

static void assert_refused(const char *url, const char *expected_words)
{
    media_embed_t provider = MEDIA_EMBED_COUNT;
    gz_buf_t id = GZ_BUF_INIT, message = GZ_BUF_INIT;
    assert_int_equal(media_embed_parse_url(url, &provider, &id, &message), GZ_EINVAL);
    assert_int_equal(id.len, 0);
    if (strstr(gz_buf_cstr(&message), expected_words) == NULL)
        fail_msg("%s: '%s' does not say '%s'", url ? url : "NULL", gz_buf_cstr(&message),
                 expected_words);
    gz_buf_free(&id);
    gz_buf_free(&message);
}

static void pasted_addresses_give_provider_and_id(void **state)
{
    (void)state;
    assert_parsed("https://www.youtube.com/watch?v=dQw4w9WgXcQ", MEDIA_EMBED_YOUTUBE,
                  "dQw4w9WgXcQ");
    assert_parsed("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42s",
                  MEDIA_EMBED_YOUTUBE, "dQw4w9WgXcQ");
    assert_parsed("  https://youtu.be/dQw4w9WgXcQ?si=abc  ", MEDIA_EMBED_YOUTUBE, "dQw4w9WgXcQ");
    assert_parsed("https://www.youtube.com/shorts/aB3_-x9YzQw", MEDIA_EMBED_YOUTUBE,
                  "aB3_-x9YzQw");
    assert_parsed("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
                  MEDIA_EMBED_YOUTUBE, "dQw4w9WgXcQ");
    assert_parsed("http://youtube.com/live/dQw4w9WgXcQ#chat", MEDIA_EMBED_YOUTUBE,
                  "dQw4w9WgXcQ");
    assert_parsed("https://vimeo.com/76979871", MEDIA_EMBED_VIMEO, "76979871");
    assert_parsed("https://vimeo.com/channels/staffpicks/76979871/", MEDIA_EMBED_VIMEO,
                  "76979871");
    assert_parsed("https://player.vimeo.com/video/76979871?h=abc", MEDIA_EMBED_VIMEO, "76979871");
    assert_parsed("https://www.dailymotion.com/video/x7tgad0", MEDIA_EMBED_DAILYMOTION,
                  "x7tgad0");
    assert_parsed("https://www.dailymotion.com/embed/video/x7tgad0", MEDIA_EMBED_DAILYMOTION,
                  "x7tgad0");
    assert_parsed("https://dai.ly/x7tgad0", MEDIA_EMBED_DAILYMOTION, "x7tgad0");
}

static void other_addresses_are_refused(void **state)
{
    (void)state;
    assert_refused(NULL, "https://");
    assert_refused("youtube.com/watch?v=dQw4w9WgXcQ", "https://");
    assert_refused("javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ", "https://");
    assert_refused("https://example.com/watch?v=dQw4w9WgXcQ", "Only YouTube, Vimeo");
    assert_refused("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "Only YouTube");
    assert_refused("https://evil.example/youtube.com/embed/dQw4w9WgXcQ", "Only YouTube");
    assert_refused("https://user@youtube.com/watch?v=dQw4w9WgXcQ", "https://");
    assert_refused("https://youtube.com:8443/watch?v=dQw4w9WgXcQ", "https://");
    assert_refused("https://www.youtube.com/watch?v=dQw4w9WgXc", "YouTube address");
    assert_refused("https://www.youtube.com/watch?v=dQw4w9%22XcQ", "YouTube address");
    assert_refused("https://vimeo.com/staff\"picks", "Vimeo address");
    assert_refused("https://www.dailymotion.com/video/x7t<gad0", "Dailymotion address");
    assert_refused("https://www.youtube.com/", "YouTube address does not name a video");
}

static void only_provider_ids_are_valid(void **state)
{
    (void)state;
    assert_true(media_embed_id_valid(MEDIA_EMBED_YOUTUBE, "dQw4w9WgXcQ"));
    assert_false(media_embed_id_valid(MEDIA_EMBED_YOUTUBE, "dQw4w9WgXc/"));
    assert_false(media_embed_id_valid(MEDIA_EMBED_VIMEO, "7697a"));
    assert_false(media_embed_id_valid(MEDIA_EMBED_COUNT, "x7tgad0"));
    assert_false(media_embed_id_valid(MEDIA_EMBED_DAILYMOTION, NULL));
    media_embed_t provider;
    assert_int_equal(media_embed_parse_name("vimeo", &provider), GZ_OK);
    assert_int_equal(provider, MEDIA_EMBED_VIMEO);
    assert_string_equal(media_embed_provider(provider)->origin, "https://player.vimeo.com");
    assert_int_equal(media_embed_parse_name("Vimeo", &provider), GZ_EINVAL);
    assert_null(media_embed_provider(MEDIA_EMBED_COUNT));
}

static void pasted_posts_give_provider_and_id(void **state)
{
    (void)state;
    assert_parsed("https://x.com/Reuters/status/1790001234567890123", MEDIA_EMBED_TWITTER,
                  "1790001234567890123");
    assert_parsed("https://twitter.com/AP/status/20?s=20", MEDIA_EMBED_TWITTER, "20");
    assert_parsed("https://mobile.twitter.com/AP/statuses/20/photo/1", MEDIA_EMBED_TWITTER, "20");
    assert_parsed("https://twitter.com/i/web/status/20", MEDIA_EMBED_TWITTER, "20");
    assert_parsed("https://platform.twitter.com/embed/Tweet.html?id=20", MEDIA_EMBED_TWITTER,
                  "20");
    assert_parsed("https://www.instagram.com/p/C8aBc-1_xYz/?igsh=abc", MEDIA_EMBED_INSTAGRAM,
                  "C8aBc-1_xYz");
    assert_parsed("https://instagram.com/reel/C8aBc1xYz9Q/", MEDIA_EMBED_INSTAGRAM,
                  "C8aBc1xYz9Q");
    assert_parsed("https://www.instagram.com/natgeo/p/C8aBc1xYz9Q/", MEDIA_EMBED_INSTAGRAM,
                  "C8aBc1xYz9Q");
    assert_parsed("https://www.facebook.com/aljazeera/posts/10161234567890123",
                  MEDIA_EMBED_FACEBOOK, "aljazeera/posts/10161234567890123");
    assert_parsed("https://m.facebook.com/bbcnews/posts/pfbid02AbCdEfGhIjKlMnOp",
                  MEDIA_EMBED_FACEBOOK, "bbcnews/posts/pfbid02AbCdEfGhIjKlMnOp");
    assert_parsed("https://www.facebook.com/bbcnews/videos/storm-footage/123456789/",
                  MEDIA_EMBED_FACEBOOK, "bbcnews/videos/123456789");
    assert_parsed("https://www.facebook.com/watch/?v=123456789", MEDIA_EMBED_FACEBOOK,
                  "watch/123456789");
    assert_parsed("https://www.facebook.com/reel/123456789", MEDIA_EMBED_FACEBOOK,
                  "watch/123456789");
}

static void pasted_videos_audio_maps_and_charts_give_provider_and_id(void **state)
{
    (void)state;
    assert_parsed("https://www.tiktok.com/@scout2015/video/6718335390845095173?lang=en",
                  MEDIA_EMBED_TIKTOK, "6718335390845095173");
    assert_parsed("https://www.tiktok.com/embed/v2/6718335390845095173", MEDIA_EMBED_TIKTOK,
                  "6718335390845095173");
    assert_parsed("https://m.tiktok.com/v/6718335390845095173.html", MEDIA_EMBED_TIKTOK,
                  "6718335390845095173");
    assert_parsed("https://soundcloud.com/forss/flickermood?si=1", MEDIA_EMBED_SOUNDCLOUD,
                  "forss/flickermood");
    assert_parsed("https://soundcloud.com/forss/sets/soulhack", MEDIA_EMBED_SOUNDCLOUD,
                  "forss/sets/soulhack");
    assert_parsed("https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=x",
                  MEDIA_EMBED_SPOTIFY, "track/4uLU6hMCjMI75M1A2tKUQC");
    assert_parsed("https://open.spotify.com/intl-fr/album/1DFixLWuPkv3KT3TnV35m3",
                  MEDIA_EMBED_SPOTIFY, "album/1DFixLWuPkv3KT3TnV35m3");
    assert_parsed("https://open.spotify.com/embed/episode/512ojhOuo1ktJprKbVcKyQ",
                  MEDIA_EMBED_SPOTIFY, "episode/512ojhOuo1ktJprKbVcKyQ");
    assert_parsed("https://maps.google.com/maps?q=Eiffel+Tower,Paris&z=15&output=embed",
                  MEDIA_EMBED_GOOGLEMAPS, "Eiffel+Tower,Paris/15");
    assert_parsed("https://www.google.com/maps?q=Caf%C3%A9+de+Flore", MEDIA_EMBED_GOOGLEMAPS,
                  "Caf%C3%A9+de+Flore");
    assert_parsed("https://www.google.com/maps/place/Tour+Eiffel/@48.8583701,2.2944813,17z/data=x",
                  MEDIA_EMBED_GOOGLEMAPS, "Tour+Eiffel/17");
    assert_parsed("https://www.google.com/maps/@48.8583701,2.2944813,15.5z",
                  MEDIA_EMBED_GOOGLEMAPS, "48.8583701,2.2944813/15");
    assert_parsed("https://www.google.com/maps/search/pharmacy+near+Beirut",
                  MEDIA_EMBED_GOOGLEMAPS, "pharmacy+near+Beirut");
    assert_parsed("https://www.google.com/maps?q=O'Brien's \"pub\"", MEDIA_EMBED_GOOGLEMAPS,
                  "O%27Brien%27s%20%22pub%22");
    assert_parsed("https://datawrapper.dwcdn.net/Ab1Cd/3/", MEDIA_EMBED_DATAWRAPPER, "Ab1Cd/3");
    assert_parsed("https://datawrapper.dwcdn.net/Ab1Cd/", MEDIA_EMBED_DATAWRAPPER, "Ab1Cd");
    assert_parsed("https://www.datawrapper.de/_/Ab1Cd/", MEDIA_EMBED_DATAWRAPPER, "Ab1Cd");
    assert_parsed("https://public.flourish.studio/visualisation/1234567/",
                  MEDIA_EMBED_FLOURISH, "1234567");
    assert_parsed("https://flo.uri.sh/visualisation/1234567/embed", MEDIA_EMBED_FLOURISH,
                  "1234567");
}

static void lookalikes_and_crafted_ids_are_refused(void **state)
{
    (void)state;
    assert_refused("https://x.com.evil.example/a/status/20", "Only YouTube");
    assert_refused("https://evilx.com/a/status/20", "Only YouTube");
    assert_refused("https://x.com/a/status/20abc", "X address does not name a post");
    assert_refused("https://x.com/a/status/123456789012345678901", "X address");
    assert_refused("https://x.com/home", "X address");
    assert_refused("https://instagram.com/p/ab\"cd/", "Instagram address");
    assert_refused("https://notinstagram.com/p/C8aBc1xYz9Q/", "Only YouTube");
    assert_refused("https://www.facebook.com/a\"b/posts/1", "Facebook address");
    assert_refused("https://www.facebook.com/page/posts/1/2/3", "Facebook address");
    assert_refused("https://www.facebook.com/watch/?v=1%22", "Facebook address");
    assert_refused("https://facebook.com.example/page/posts/1", "Only YouTube");
    assert_refused("https://vm.tiktok.com/ZMabc/", "Only YouTube"); /* a short link */
    assert_refused("https://www.tiktok.com/@a/video/12x", "TikTok address");
    assert_refused("https://soundcloud.com/discover/sets/charts-top", "SoundCloud address");
    assert_refused("https://soundcloud.com/forss/flicker%22mood", "SoundCloud address");
    assert_refused("https://soundcloud.com/forss/flickermood/s-SECRET", "SoundCloud address");
    assert_refused("https://open.spotify.com/artist/4uLU6hMCjMI75M1A2tKUQC", "Spotify address");
    assert_refused("https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQ", "Spotify address");
    assert_refused("https://open.spotify.com.evil.example/track/4uLU6hMCjMI75M1A2tKUQC",
                   "Only YouTube");
    assert_refused("https://www.google.com/search?q=maps", "Only YouTube");
    assert_refused("https://www.google.com/maps/embed?pb=!1m18", "Google Maps address");
    assert_refused("https://goo.gl/maps/abc", "Only YouTube");
    assert_refused("https://google.com.evil.example/maps?q=x", "Only YouTube");
    assert_refused("https://datawrapper.dwcdn.net/Ab1C/1/", "Datawrapper address");
    assert_refused("https://datawrapper.dwcdn.net/Ab1Cd/x/", "Datawrapper address");
    assert_refused("https://dwcdn.net/Ab1Cd/1/", "Only YouTube");
    assert_refused("https://public.flourish.studio/visualisation/12a/", "Flourish address");
    assert_refused("https://public.flourish.studio/story/1234/", "Flourish address");
}

/* Players and pages are rebuilt from the id, addresses inside them encoded. */
static void players_are_built_from_the_id(void **state)
{
    (void)state;
    static const struct {
        media_embed_t provider;
        const char *id, *player, *page;
    } cases[] = {
        {MEDIA_EMBED_TWITTER, "20", "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true",
         "https://x.com/i/status/20"},
        {MEDIA_EMBED_INSTAGRAM, "C8aBc1xYz9Q", "https://www.instagram.com/p/C8aBc1xYz9Q/embed",
         "https://www.instagram.com/p/C8aBc1xYz9Q/"},
        {MEDIA_EMBED_FACEBOOK, "bbc/posts/1",
         "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fbbc%2Fposts%2F1",
         "https://www.facebook.com/bbc/posts/1"},
        {MEDIA_EMBED_FACEBOOK, "watch/9",
         "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D9",
         "https://www.facebook.com/watch/?v=9"},
        {MEDIA_EMBED_TIKTOK, "67", "https://www.tiktok.com/embed/v2/67",
         "https://www.tiktok.com/embed/v2/67"},
        {MEDIA_EMBED_SOUNDCLOUD, "forss/flickermood",
         "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fforss%2Fflickermood",
         "https://soundcloud.com/forss/flickermood"},
        {MEDIA_EMBED_SPOTIFY, "show/512ojhOuo1ktJprKbVcKyQ",
         "https://open.spotify.com/embed/show/512ojhOuo1ktJprKbVcKyQ",
         "https://open.spotify.com/show/512ojhOuo1ktJprKbVcKyQ"},
        {MEDIA_EMBED_GOOGLEMAPS, "Tour+Eiffel/17",
         "https://www.google.com/maps?q=Tour+Eiffel&z=17&output=embed",
         "https://www.google.com/maps?q=Tour+Eiffel&z=17"},
        {MEDIA_EMBED_GOOGLEMAPS, "Beirut", "https://www.google.com/maps?q=Beirut&output=embed",
         "https://www.google.com/maps?q=Beirut"},
        {MEDIA_EMBED_DATAWRAPPER, "Ab1Cd/3", "https://datawrapper.dwcdn.net/Ab1Cd/3/",
         "https://datawrapper.dwcdn.net/Ab1Cd/3/"},
        {MEDIA_EMBED_FLOURISH, "1234567", "https://flo.uri.sh/visualisation/1234567/embed",
         "https://public.flourish.studio/visualisation/1234567/"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gz_buf_t player = GZ_BUF_INIT, page = GZ_BUF_INIT;
        assert_int_equal(media_embed_player_url(cases[i].provider, cases[i].id, &player), GZ_OK);
        assert_int_equal(media_embed_page_url(cases[i].provider, cases[i].id, &page), GZ_OK);
        assert_string_equal(gz_buf_cstr(&player), cases[i].player);
        assert_string_equal(gz_buf_cstr(&page), cases[i].page);
        gz_buf_free(&player);
        gz_buf_free(&page);
    }
    gz_buf_t out = GZ_BUF_INIT;
    assert_int_equal(media_embed_player_url(MEDIA_EMBED_GOOGLEMAPS, "a&output=x", &out), GZ_EINVAL);
    assert_int_equal(media_embed_player_url(MEDIA_EMBED_GOOGLEMAPS, "a%2", &out), GZ_EINVAL);
    assert_int_equal(media_embed_player_url(MEDIA_EMBED_GOOGLEMAPS, "a/22", &out), GZ_EINVAL);
    assert_int_equal(media_embed_player_url(MEDIA_EMBED_SOUNDCLOUD, "a/b/c", &out), GZ_EINVAL);
    assert_int_equal(media_embed_page_url(MEDIA_EMBED_FACEBOOK, "watch/posts/1", &out), GZ_EINVAL);
    assert_int_equal(out.len, 0);
    assert_int_equal(media_embed_kind(MEDIA_EMBED_FACEBOOK, "watch/9"), MEDIA_EMBED_KIND_VIDEO);
    assert_int_equal(media_embed_kind(MEDIA_EMBED_FACEBOOK, "bbc/posts/1"), MEDIA_EMBED_KIND_POST);
    assert_int_equal(media_embed_kind(MEDIA_EMBED_DATAWRAPPER, "Ab1Cd"), MEDIA_EMBED_KIND_CHART);
    assert_string_equal(media_embed_kind_name(MEDIA_EMBED_KIND_MAP), "map");
    for (int i = 0; i < MEDIA_EMBED_COUNT; i++) { /* every provider named, allowed by default */
        media_embed_t provider;
        assert_int_equal(media_embed_parse_name(media_embed_provider((media_embed_t)i)->name,
                                                &provider), GZ_OK);
        assert_non_null(strstr(media_embed_names(), media_embed_provider(provider)->name));
        assert_true(media_embed_all()[i]);
    }
    gz_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pasted_addresses_give_provider_and_id),
        cmocka_unit_test(other_addresses_are_refused),
        cmocka_unit_test(only_provider_ids_are_valid),
        cmocka_unit_test(pasted_posts_give_provider_and_id),
        cmocka_unit_test(pasted_videos_audio_maps_and_charts_give_provider_and_id),
        cmocka_unit_test(lookalikes_and_crafted_ids_are_refused),
        cmocka_unit_test(players_are_built_from_the_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
