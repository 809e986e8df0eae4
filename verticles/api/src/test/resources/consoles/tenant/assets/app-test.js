console.log("bmp test console")
