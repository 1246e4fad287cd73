"""govtext.versions: installed package versions."""

from govtext.versions import package_version, package_versions


def test_versions_of_installed_and_absent_packages():
    assert package_version("govtext") == "0.1.0"
    assert package_versions(["numpy", "no-such-package-xyz"])["no-such-package-xyz"] == (
        "not installed"
    )
