#include "domain/workflow/material.h"

#include <gtest/gtest.h>

#include <string>

namespace lianban::domain::workflow {
namespace {

const std::string kPdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj";
const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + "IHDR";
const std::string kJpeg = "\xFF\xD8\xFF\xE0JFIF";

TEST(MaterialTest, AcceptsPdfPngAndJpegWhoseBytesMatchTheDeclaredType) {
  EXPECT_TRUE(CheckMaterial("户口簿", "application/pdf", kPdf).ok());
  EXPECT_TRUE(CheckMaterial("身份证正面", "image/png", kPng).ok());
  EXPECT_TRUE(CheckMaterial("收入证明", "image/jpeg", kJpeg).ok());
}

TEST(MaterialTest, RejectsContentThatIsNotTheDeclaredType) {
  auto r = CheckMaterial("户口簿", "application/pdf", kPng);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "material_type_mismatch");
  EXPECT_EQ(CheckMaterial("x", "image/png", "MZ\x90\x00 executable").error().reason,
            "material_type_mismatch");
}

TEST(MaterialTest, RejectsUnsupportedTypesEmptyContentAndBadNames) {
  EXPECT_EQ(CheckMaterial("x", "text/html", "<html>").error().reason, "unsupported_material_type");
  EXPECT_EQ(CheckMaterial("x", "application/pdf", "").error().reason, "empty_material");
  EXPECT_EQ(CheckMaterial("", "application/pdf", kPdf).error().reason, "invalid_material_name");
  EXPECT_EQ(CheckMaterial(std::string(201, 'n'), "application/pdf", kPdf).error().reason,
            "invalid_material_name");
}

TEST(MaterialTest, RejectsContentOverTenMebibytes) {
  std::string big = kPdf + std::string(kMaxMaterialBytes, ' ');
  auto r = CheckMaterial("scan", "application/pdf", big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_TRUE(CheckMaterial("scan", "application/pdf", big.substr(0, kMaxMaterialBytes)).ok());
}

TEST(MaterialTest, OnlyDepartmentsWithATaskSeeTheMaterials) {
  Matter m;
  m.tasks.resize(2);
  m.tasks[0].department = "MZ";
  m.tasks[1].department = "YB";
  EXPECT_TRUE(DepartmentMaySeeMaterials(m, "MZ"));
  EXPECT_TRUE(DepartmentMaySeeMaterials(m, "YB"));
  EXPECT_FALSE(DepartmentMaySeeMaterials(m, "JW"));
  EXPECT_FALSE(DepartmentMaySeeMaterials(m, ""));
}

}  // namespace
}  // namespace lianban::domain::workflow
