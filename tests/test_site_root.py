"""The site's root is not a 404 page (issue 11: 21): it sends a visitor to the API's documentation."""


def test_the_root_url_redirects_to_the_api_docs(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/api/docs/"
    assert client.get(response["Location"]).status_code == 200
