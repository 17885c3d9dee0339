"""A user's project with nothing but the installed wheel: its pytest plugin, its emulator (linked
into the wheel's native library) and a sign-in, run with no cargo and no checkout on the path."""

import asyncio
import shutil

import saasus
from saasus.testing import Emulator


def test_no_toolchain_and_no_checkout_are_in_reach() -> None:
    assert shutil.which("cargo") is None
    assert "site-packages" in saasus.__file__


def test_the_plugins_client_signs_up_a_tenant(saasus_client: saasus.Client) -> None:
    saasus_client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example")
    assert [t.name for t in saasus_client.auth.tenant.get_tenants().tenants] == ["Acme"]


def test_a_user_signs_in_through_the_emulators_login() -> None:
    with Emulator(token_ttl=600) as emu:
        client = emu.client(max_retries=0)
        client.auth.auth_info.update_auth_info(callback_url="http://localhost:3000/callback")
        client.auth.saas_user.create_saas_user(email="dev@example.com", password="Passw0rd-Emulator")
        creds = client.exchange_temp_code(emu.sign_in_code("dev@example.com", "Passw0rd-Emulator"))
        assert client.authenticate(creds.id_token).email == "dev@example.com"

        async def count() -> int:
            return len((await emu.async_client().auth.tenant.get_tenants()).tenants)

        assert asyncio.run(count()) == 0
