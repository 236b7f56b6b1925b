"""Issue 16, item 5: a council's process owners change only what their own council runs. A
county whose folder is also its region's (Staffordshire's, which Stoke-on-Trent draws from)
gets a folder of its own for local variants and the modeller's deploys."""

from __future__ import annotations

from api.actors import Actor
from api.definitions import variants
from api.definitions.service import resolve
from api.tenants.service import get_tenant, own_folders, sync_tenants
from engine.tenants import TenantConfig

COUNTY = TenantConfig(slug="county", name="County Council", region="england", folders=("county", "shared", "standard"))
CITY = TenantConfig(slug="city", name="City Council", region="england", folders=("city", "county", "shared", "standard"))
SYSTEM = Actor.system("tests")


def test_a_council_whose_folder_another_draws_from_gets_one_of_its_own():
    folders = own_folders([COUNTY, CITY])
    assert folders == {"county": ["county-own", "county", "shared", "standard"], "city": ["city", "county", "shared", "standard"]}


def test_a_council_listing_no_folder_of_its_own_gets_one():
    region_only = TenantConfig(slug="town", name="Town", region="wales", folders=("wales", "shared"))
    assert own_folders([region_only])["town"] == ["town", "wales", "shared"]


def test_a_county_making_a_local_variant_leaves_the_city_on_the_shared_version(world, session):
    sync_tenants(session, configs=[COUNTY, CITY], actor=SYSTEM)
    county, city = get_tenant(session, slug="county"), get_tenant(session, slug="city")
    before = resolve(session, tenant=city, key="simple_review")
    made = variants.make_variant(session, tenant=county, actor=SYSTEM, key="simple_review", note="our own wording")
    assert made.folder == "county-own" == variants.own_folder(county)
    assert resolve(session, tenant=county, key="simple_review").id == made.id
    assert resolve(session, tenant=city, key="simple_review").id == before.id
