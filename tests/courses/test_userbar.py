"""The Wagtail userbar (about 1.2 MB of assets) only on page views, for people who may
edit the page (issue 15 item 20)."""

USERBAR = "Wagtail user bar embed code"


def test_userbar_on_a_page_for_someone_who_may_edit_it(admin_client, course):
    assert USERBAR in admin_client.get(course.url).text


def test_no_userbar_outside_page_views_even_for_an_editor(admin_client, course):
    for url in ("/dashboard/", "/certificates/", "/learn/cohorts/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert USERBAR not in response.text, url


def test_no_userbar_for_a_trainee_on_a_page(trainee_client, course, enrollment):
    assert USERBAR not in trainee_client.get(course.url).text
