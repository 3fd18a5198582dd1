document.getElementById("status").textContent = "Relationskort kører. API: /api/v1/openapi.json";
